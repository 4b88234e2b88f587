package io.atoll.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.error.AtollException;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static ClusterImage peers(int n) {
        ClusterImage image = ClusterImage.EMPTY;
        for (int i = 1; i <= n; i++) {
            image = MetadataApply.apply(image, new MetadataRecord.AddPeer(i * 100L, "http://127.0.0.1:" + (6335 + i)), i).image();
        }
        return image;
    }

    private static CollectionParams params(int shards, int rf) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        return new CollectionParams(v, false, shards, rf, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    @ParameterizedTest
    @CsvSource({"3,3,2", "3,6,3", "5,4,2", "2,7,2", "4,1,1"})
    void replicasAreSpreadEvenlyAndNeverTwiceOnOnePeer(int nodes, int shards, int rf) {
        ClusterImage image = peers(nodes);
        // Two collections in a row: the second one fills in where the first left peers lighter.
        for (String name : List.of("a", "b")) {
            Map<Integer, List<Long>> placement = Placement.place(image, shards, rf);
            assertEquals(shards, placement.size());
            for (List<Long> replicas : placement.values()) {
                assertEquals(rf, replicas.size());
                assertEquals(rf, new HashSet<>(replicas).size(), "distinct peers: " + replicas);
            }
            image = MetadataApply.apply(image, new MetadataRecord.CreateCollection(name, name + "-uuid", params(shards, rf), placement),
                    image.appliedIndex() + 1).image();
            assertTrue(image.collections().containsKey(name));
        }
        Map<Long, Long> load = new HashMap<>();
        Map<Long, Long> primaries = new HashMap<>();
        for (long p : image.peers().keySet()) {
            load.put(p, image.replicasOn(p));
            primaries.put(p, 0L);
        }
        image.collections().values().forEach(c -> c.shards().values().forEach(s -> primaries.merge(s.primary(), 1L, Long::sum)));
        long spread = load.values().stream().mapToLong(x -> x).max().orElseThrow() - load.values().stream().mapToLong(x -> x).min().orElseThrow();
        assertTrue(spread <= 1, "replicas per peer differ by at most one: " + load);
        long primarySpread = primaries.values().stream().mapToLong(x -> x).max().orElseThrow() - primaries.values().stream().mapToLong(x -> x).min().orElseThrow();
        assertTrue(primarySpread <= 1, "primaries per peer differ by at most one: " + primaries);
    }

    @Test
    void aReplicationFactorAboveTheNodeCountIsRefusedWithAClearMessage() {
        AtollException e = assertThrows(AtollException.class, () -> Placement.place(peers(2), 3, 3));
        assertEquals(AtollException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("replication_factor 3 is larger than the number of peers in the cluster (2)"), e.getMessage());
    }
}
