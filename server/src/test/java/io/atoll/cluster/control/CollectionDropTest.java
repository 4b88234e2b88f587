package io.atoll.cluster.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.transport.PeerTransport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L1: dropping a collection is decided by the log, not by this node's image, which may lag a create another node
 * acknowledged (found by the fault-injection checker: a lagging node answered "false" and the collection lived on).
 */
class CollectionDropTest {
    /** A log whose node has not applied anything yet, while the Raft log holds every record proposed. */
    private static final class LaggingLog implements MetadataLog {
        ClusterImage committed = ClusterImage.EMPTY;
        long index;

        @Override
        public ClusterImage image() {
            return ClusterImage.EMPTY;
        }

        @Override
        public ApplyResult propose(MetadataRecord record) {
            ApplyResult r = MetadataApply.apply(committed, record, ++index);
            committed = r.image();
            return r;
        }

        @Override
        public boolean isLeader() {
            return false;
        }
    }

    @Test
    void aDropThroughANodeThatLagsFindsTheCollectionTheLogHolds() {
        LaggingLog log = new LaggingLog();
        log.propose(new MetadataRecord.AddPeer(1, "http://127.0.0.1:6001"));
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        log.propose(new MetadataRecord.CreateCollection("c", "u", new CollectionParams(v, false, 1, 1, 1, true,
                HnswConfig.DEFAULT, new TreeMap<>(), null, null), Map.of(0, List.of(1L))));
        PeerTransport none = new PeerTransport() {
            @Override
            public <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R call(
                    String peerUri, io.atoll.transport.PeerRpc<?, Q, R> rpc, Q request, java.time.Duration timeout) {
                throw new IllegalStateException("no other peer in this test");
            }

            @Override
            public java.time.Duration timeout() {
                return java.time.Duration.ofSeconds(1);
            }
        };
        CollectionController controller = new CollectionController(1, log, none);
        assertTrue(controller.delete("c"), "the log holds c: the drop finds it");
        assertFalse(log.committed.collections().containsKey("c"));
        assertFalse(controller.delete("c"), "dropped already: false");
    }
}
