package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;
import io.atoll.transport.PeerClient;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on the Raft leader: pings every peer, and when one has not answered for {@code deadAfter}, marks its
 * replicas Dead and gives each shard it led a new primary. The new primary is the in-sync replica on a live peer
 * holding the most operations (ties to the lowest peer id): an in-sync replica has every acknowledged write,
 * and the one furthest ahead has every write any other survivor has, so the others can follow it without
 * diverging. A shard whose only in-sync replica was on the lost peer keeps it (the last in-sync replica is never
 * demoted) and stays unavailable until that peer returns.
 */
public final class FailoverController {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);

    private final RaftNode raft;
    private final PeerClient peers;
    private final Duration deadAfter;
    private final Map<Long, Long> lastSeen = new HashMap<>();
    private boolean wasLeader;

    public FailoverController(RaftNode raft, PeerClient peers, Duration deadAfter) {
        this.raft = raft;
        this.peers = peers;
        this.deadAfter = deadAfter;
    }

    /** One round; called periodically from one thread. */
    public void tick() {
        boolean leader;
        try {
            leader = raft.isLeader();
        } catch (AtollException e) {
            return;
        }
        long now = System.nanoTime();
        if (!leader) {
            wasLeader = false;
            return;
        }
        ClusterImage image = raft.image();
        if (!wasLeader) {
            // A new leader gives everyone a full period before judging them.
            lastSeen.clear();
            wasLeader = true;
        }
        lastSeen.keySet().retainAll(image.peers().keySet());
        for (PeerInfo p : image.peers().values()) {
            if (p.id() == raft.peerId()) {
                lastSeen.put(p.id(), now);
                continue;
            }
            lastSeen.putIfAbsent(p.id(), now);
            try {
                peers.ping(p.uri(), PingRequest.newBuilder().setFromPeer(raft.peerId()).build(), Duration.ofMillis(500));
                lastSeen.put(p.id(), now);
            } catch (PeerUnreachableException | AtollException e) {
                LOG.debug("peer {} did not answer a ping: {}", p.id(), e.getMessage());
            }
        }
        for (Entry<Long, Long> e : lastSeen.entrySet()) {
            if (now - e.getValue() > deadAfter.toNanos() && image.replicasOn(e.getKey()) > 0) {
                failOver(image, e.getKey());
            }
        }
    }

    private void failOver(ClusterImage image, long lost) {
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                ReplicaState st = s.replicas().get(lost);
                if (st == null || st == ReplicaState.DEAD) {
                    continue;
                }
                MetadataRecord dead = new MetadataRecord.SetReplicaState(c.name(), s.id(), lost, ReplicaState.DEAD, st);
                MetadataRecord record = dead;
                if (s.primary() == lost) {
                    long next = successor(image, c.name(), s, lost);
                    if (next == 0) {
                        continue;
                    }
                    record = new MetadataRecord.Batch(List.of(
                            new MetadataRecord.ElectPrimary(c.name(), s.id(), next, s.term() + 1), dead));
                }
                try {
                    var r = raft.propose(record);
                    LOG.warn("peer {} unreachable for {} ms: shard {}/{} {}", lost, deadAfter.toMillis(), c.name(), s.id(),
                            r.applied() ? (s.primary() == lost ? "failed over" : "replica marked Dead")
                                    : "unchanged (" + r.rejection() + ")");
                } catch (AtollException e) {
                    LOG.warn("could not fail over shard {}/{}: {}", c.name(), s.id(), e.getMessage());
                }
            }
        }
    }

    /** The in-sync replica on a reachable peer that holds the most operations; 0 when none answers. */
    private long successor(ClusterImage image, String collection, ShardInfo s, long lost) {
        long best = 0;
        long bestSeq = -1;
        for (Entry<Long, ReplicaState> e : s.replicas().entrySet()) {
            long peer = e.getKey();
            PeerInfo info = image.peers().get(peer);
            if (peer == lost || !e.getValue().canBePrimary() || info == null) {
                continue;
            }
            try {
                ShardStatusResponse st = peers.shardStatus(info.uri(), ShardStatusRequest.newBuilder()
                        .setCollection(collection).setShard(s.id()).build());
                if (st.getLastSeq() > bestSeq) {
                    best = peer;
                    bestSeq = st.getLastSeq();
                }
            } catch (PeerUnreachableException | AtollException ex) {
                LOG.debug("replica on {} of {}/{} did not report: {}", peer, collection, s.id(), ex.getMessage());
            }
        }
        return best;
    }
}
