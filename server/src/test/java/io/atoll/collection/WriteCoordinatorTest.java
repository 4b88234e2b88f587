package io.atoll.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.Message;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.replication.LocalReplicas;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.transport.PeerRpc;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.point.VectorValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the write coordinator treats a primary on another node that does not answer. */
class WriteCoordinatorTest {
    private final AtomicInteger sent = new AtomicInteger();

    /**
     * Node 1 coordinates; the one replica of the one shard, its primary, is on node 2; peer calls time out after
     * {@code timeout}, and the coordinator's retries of a write stop after a few of those.
     */
    private WriteCoordinator coordinatorWhosePrimary(boolean timesOut, Duration timeout) {
        TreeMap<String, VectorParams> vectors = new TreeMap<>();
        vectors.put(PointStruct.DEFAULT_VECTOR, new VectorParams(2, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(vectors, false, 1, 1, 1, true, HnswConfig.DEFAULT,
                new TreeMap<>(), null, null);
        ClusterImage image = ClusterImage.EMPTY;
        for (MetadataRecord r : List.of(new MetadataRecord.AddPeer(1, "http://a:1"),
                new MetadataRecord.AddPeer(2, "http://b:1"),
                new MetadataRecord.CreateCollection("c", "u", params, Map.of(0, List.of(2L))))) {
            image = MetadataApply.apply(image, r, image.appliedIndex() + 1).image();
        }
        CollectionView view = CollectionView.of(image.collections().get("c"), image, 1);
        ClusterImage acted = image;
        NodeMetadata metadata = new NodeMetadata() {
            @Override
            public ClusterImage image() {
                return acted;
            }

            @Override
            public boolean awaitActed(long index, Duration wait) {
                try {
                    Thread.sleep(Math.min(wait.toMillis(), 50)); // no newer metadata comes: waits, as a node does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public void sync() {
            }
        };
        PeerTransport primary = new PeerTransport() {
            @Override
            public <Q extends Message, R extends Message> R call(String peer, PeerRpc<?, Q, R> rpc, Q request,
                                                                   Duration timeout) {
                sent.incrementAndGet();
                throw new PeerUnreachableException(peer + (timesOut ? " took too long" : " refused"), timesOut, null);
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
        LocalReplicas none = new LocalReplicas(1);
        CoordinatorContext context = new CoordinatorContext(1, none, primary, metadata, timeout);
        return new WriteCoordinator(() -> view, context,
                new ReadCoordinator(() -> view, new ShardReader(context, new LocalReads(1, none, metadata))));
    }

    private static PointsUpdate upsert() {
        return new PointsUpdate.Upsert(List.of(new PointStruct(PointId.of(1), VectorValue.dense(Map.of("",
                new float[] {1, 2})),
                JsonNodeFactory.instance.objectNode())));
    }

    /**
     * Found in review: a forwarded write whose primary was slow to answer was sent again, so it could be applied
     * twice, the second time over a newer write of another client. The caller also gave up (2 timeouts) before
     * the primary stopped waiting for its replicas (4). Now the user hears the outcome is unknown.
     */
    @Test
    void aForwardThatTimedOutIsNotSentAgain() {
        AtollException e = assertThrows(AtollException.class,
                () -> coordinatorWhosePrimary(true, Duration.ofMillis(100))
                        .update(io.atoll.operation.RoutedUpdate.unkeyed(upsert()), true));
        assertEquals(AtollException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("may or may not have been applied"), e.getMessage());
        assertEquals(1, sent.get());
    }

    /** A primary that refused the connection never had the write: it is sent again until newer metadata or time runs out. */
    @Test
    void aForwardThatWasRefusedIsSentAgain() {
        AtollException e = assertThrows(AtollException.class,
                // long enough that a stall of the test's thread cannot use up the retries' time before a second try
                () -> coordinatorWhosePrimary(false, Duration.ofSeconds(1))
                        .update(io.atoll.operation.RoutedUpdate.unkeyed(upsert()), true));
        assertEquals(AtollException.Kind.UNAVAILABLE, e.kind());
        assertTrue(sent.get() > 1, "sent " + sent.get() + " times");
    }
}
