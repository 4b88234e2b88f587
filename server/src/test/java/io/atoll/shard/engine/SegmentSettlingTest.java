package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import org.junit.jupiter.api.Test;

/** L0: how many segments a settled shard is merged into, from the collection's optimizer settings and its size. */
class SegmentSettlingTest {
    private static final long MB = 1024 * 1024;

    private static CollectionParams with(String optimizers) {
        CollectionParams p = EngineFixtures.params(4, Distance.DOT);
        return p.withUpdate(p.replicationFactor(), p.writeConsistencyFactor(), p.onDiskPayload(), p.hnsw(),
                p.vectors(), optimizers == null ? null : EngineFixtures.json(optimizers), p.quantization(),
                p.metadata());
    }

    @Test
    void oneSegmentUnlessTheCollectionAsksForMoreOrOneWouldBeTooLarge() {
        assertEquals(1, SegmentSettling.target(with(null), 100 * MB, 5_000 * MB));
        assertEquals(1, SegmentSettling.target(with("{\"default_segment_number\": 0}"), 100 * MB, 5_000 * MB),
                "0 is Qdrant's automatic choice");
        assertEquals(3, SegmentSettling.target(with("{\"default_segment_number\": 3}"), 100 * MB, 5_000 * MB));
        assertEquals(3, SegmentSettling.target(with(null), 12_000 * MB, 5_000 * MB), "the merge policy's cap");
        assertEquals(4, SegmentSettling.target(with("{\"max_segment_size\": 25600}"), 100 * MB, 5_000 * MB),
                "max_segment_size is in kilobytes: 25 MB segments");
        assertEquals(3, SegmentSettling.target(with("{\"max_segment_size\": 9007199254740991}"), 12_000 * MB,
                5_000 * MB), "a huge max_segment_size leaves the policy's cap");
        assertEquals(5, SegmentSettling.target(with("{\"default_segment_number\": 5, \"max_segment_size\": 51200}"),
                100 * MB, 5_000 * MB));
    }
}
