package io.atoll.cluster.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Message;
import io.atoll.cluster.control.MetadataLog;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.transport.PeerRpc;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.PingResponse;
import io.atoll.transport.proto.ShardStatusResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller loop with its real liveness and failover decider, over a metadata log, a clock and a transport
 * made up in memory: only the leader decides, a peer is judged only after the dead-after period, and a new leader
 * first gives every peer that period.
 */
class ControllerLoopTest {
    private static final Duration DEAD_AFTER = Duration.ofSeconds(5);

    private ClusterImage image = FailoverDeciderTest.cluster(1L, 2L, 3L);
    private boolean leader = true;
    private long nowNanos;
    private final Set<String> silent = new HashSet<>();

    private final MetadataLog log = new MetadataLog() {
        @Override
        public ClusterImage image() {
            return image;
        }

        @Override
        public ApplyResult propose(MetadataRecord record) {
            ApplyResult r = MetadataApply.apply(image, record, image.appliedIndex() + 1);
            image = r.image();
            return r;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }
    };

    private final PeerTransport transport = new PeerTransport() {
        @Override
        @SuppressWarnings("unchecked")
        public <Q extends Message, R extends Message> R call(String peer, PeerRpc<?, Q, R> rpc, Q request,
                                                             Duration timeout) {
            if (silent.contains(peer)) {
                throw new PeerUnreachableException(peer + " does not answer", false, null);
            }
            if (rpc == PeerRpcs.SHARD_STATUS) {
                long seq = peer.contains("n3") ? 12 : 10;
                return (R) ShardStatusResponse.newBuilder().setLastSeq(seq).build();
            }
            assertEquals(PeerRpcs.PING, rpc);
            return (R) PingResponse.getDefaultInstance();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }
    };

    private final ControllerLoop loop = new ControllerLoop(log,
            new PeerLiveness(2, transport, () -> nowNanos, DEAD_AFTER), transport,
            List.of(new FailoverDecider()));

    private void tickAt(long seconds) {
        nowNanos = TimeUnit.SECONDS.toNanos(seconds);
        loop.tick();
    }

    @Test
    void theLeaderFailsOverAPrimaryThatStoppedAnsweringForTheDeadAfterPeriod() {
        tickAt(0);
        silent.add("http://n1:1");
        tickAt(3);
        assertEquals(1, image.collections().get("c").shard(0).primary(), "not yet: 3 s of silence");
        tickAt(6);
        var shard = image.collections().get("c").shard(0);
        assertEquals(3, shard.primary(), "the replica holding the most operations");
        assertEquals(ReplicaState.DEAD, shard.state(1));
    }

    @Test
    void aFollowerDecidesNothingAndANewLeaderGivesEveryPeerAFullPeriod() {
        leader = false;
        silent.add("http://n1:1");
        tickAt(0);
        tickAt(60);
        assertEquals(1, image.collections().get("c").shard(0).primary());
        leader = true;
        tickAt(61);
        tickAt(64);
        assertEquals(1, image.collections().get("c").shard(0).primary(), "the new leader waits its own period");
        tickAt(67);
        assertEquals(3, image.collections().get("c").shard(0).primary());
    }
}
