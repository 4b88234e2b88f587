package io.atoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --segments measures each segment count it is asked for, both ways of searching at every hnsw_ef, with real
 * recall and work figures: on one segment the two ways are the same search.
 */
class SegmentBenchTest {
    @TempDir
    Path work;

    @Test
    void everySegmentCountIsSearchedBothWaysAndOneSegmentMakesThemTheSame() throws Exception {
        Dataset data = TestVectors.dataset(5, 600, 20, 16);
        JsonNode figures = SegmentBench.run(data, List.of(1, 3), List.of(16, 64), work);
        assertEquals(1, figures.get("merges").size(), "merged once, from 3 segments to 1");
        List<String> seen = new ArrayList<>();
        for (JsonNode row : figures.get("rows")) {
            seen.add(row.get("segments").asInt() + "/" + row.get("strategy").asText() + "/" + row.get("ef").asInt());
            double recall = row.get("recall").asDouble();
            assertTrue(recall > 0.5 && recall <= 1.0, "recall of " + row);
            assertTrue(row.get("visitedPerQuery").asDouble() > 0, "work counted in " + row);
        }
        assertEquals(List.of("3/k = ef (today)/16", "3/ef per segment/16", "3/k = ef (today)/64",
                "3/ef per segment/64", "1/k = ef (today)/16", "1/ef per segment/16", "1/k = ef (today)/64",
                "1/ef per segment/64"), seen);
        JsonNode rows = figures.get("rows");
        for (int i = 4; i < 8; i += 2) {
            assertEquals(rows.get(i).get("recall").asDouble(), rows.get(i + 1).get("recall").asDouble(), 1e-9);
            assertEquals(rows.get(i).get("visitedPerQuery").asDouble(), rows.get(i + 1).get("visitedPerQuery").asDouble(),
                    1e-9, "one segment: the same search either way");
        }
    }
}
