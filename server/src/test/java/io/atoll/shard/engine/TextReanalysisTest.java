package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.PayloadFieldType;
import io.atoll.testing.QdrantApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points indexed before a text index was created or changed are matched by the index's options at once (on their
 * payload), analysed again in the background, and after a restart under other options too.
 */
class TextReanalysisTest {
    private static final String[] DESCS = {"he runs daily", "running shoes", "the runner", "a run", "walking"};

    @TempDir
    Path dir;

    private static CollectionParams withText(String options) {
        CollectionParams p = EngineFixtures.params(2, Distance.DOT);
        return options == null ? p : p.withPayloadIndex("desc", new CollectionParams.PayloadIndexParams(
                PayloadFieldType.TEXT, json("{\"type\": \"text\"" + options + "}")));
    }

    private static final String STEMMED = ", \"stemmer\": {\"type\": \"snowball\", \"language\": \"english\"}";

    private static List<Long> matching(LuceneShardEngine e, String text) throws Exception {
        return e.matchingIds(Filter.allOf(new Condition.MatchText("desc", text, Condition.TextMode.ALL_TOKENS)))
                .stream().map(PointId::toString).map(Long::parseLong).sorted().toList();
    }

    private static void load(LuceneShardEngine e, int points) throws Exception {
        List<io.atoll.point.PointStruct> ps = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            ps.add(EngineFixtures.point(i, new float[]{1, 0}, "{\"desc\": \"" + DESCS[(i - 1) % DESCS.length] + "\"}"));
        }
        e.apply(1, new ShardOperation.Upsert(ps));
        e.refresh();
    }

    private static void awaitSettled(LuceneShardEngine e) {
        QdrantApi.await("text analysed again", Duration.ofSeconds(30), () -> e.unsettledText().isEmpty());
    }

    @Test
    void aChangedIndexMatchesByItsOptionsBeforeAndAfterThePointsAreAnalysedAgain() throws Exception {
        try (LuceneShardEngine e = new LuceneShardEngine(dir, withText(null), null, 0)) {
            load(e, 600); // more than one batch of re-analysis
            e.updateParams(withText(""));
            assertTrue(e.unsettledText().isEmpty(), "default options: the tokens are already there");
            assertEquals(120, matching(e, "running").size());

            e.updateParams(withText(STEMMED));
            assertEquals(360, matching(e, "running").size(), "runs, running and run, before or after");
            awaitSettled(e);
            assertEquals(360, matching(e, "running").size());
            assertEquals(List.of(3L, 8L), matching(e, "runner").subList(0, 2));

            e.updateParams(withText(null)); // dropped: a substring again, and the stems go
            assertEquals(120, matching(e, "running").size());
            awaitSettled(e);
            e.updateParams(withText(""));
            assertEquals(Set.of(), e.unsettledText(), "nothing left of the stemmed tokens");
            assertEquals(120, matching(e, "running").size());
        }
    }

    @Test
    void aReplicaOpenedUnderOtherOptionsAnalysesItsPointsAgain() throws Exception {
        try (LuceneShardEngine e = new LuceneShardEngine(dir, withText(""), null, 0)) {
            load(e, 10);
            assertEquals(List.of(2L, 7L), matching(e, "running"));
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, withText(STEMMED), null, 0)) {
            assertEquals(List.of(1L, 2L, 4L, 6L, 7L, 9L), matching(e, "running"), "at once");
            awaitSettled(e);
            assertEquals(List.of(1L, 2L, 4L, 6L, 7L, 9L), matching(e, "running"));
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, withText(STEMMED), null, 0)) {
            assertEquals(Set.of(), e.unsettledText(), "committed: nothing to analyse again");
            assertEquals(List.of(1L, 2L, 4L, 6L, 7L, 9L), matching(e, "running"));
        }
    }
}
