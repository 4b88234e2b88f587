package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Takes the replicas of peers that are down out of the in-sync set, and gives each shard such a peer led a new
 * primary: the in-sync replica on a live peer holding the most operations (ties to the lowest peer id). An in-sync
 * replica has every acknowledged write, and the one furthest ahead has every write any other survivor has, so the
 * others can follow it without diverging. A shard whose only in-sync replica was on the lost peer keeps it (the
 * last in-sync replica is never demoted) and stays unavailable until that peer returns; so does one whose
 * surviving in-sync replicas all fail to report their position. A transfer target on the lost peer is left as it
 * is: nothing waits for it, and its transfer resumes when the peer returns.
 */
public final class FailoverDecider implements Decider {
    @Override
    public String name() {
        return "failover";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        ClusterImage image = view.image();
        List<Decision> out = new ArrayList<>();
        for (long lost : new TreeSet<>(view.down())) {
            for (CollectionMeta c : image.collections().values()) {
                for (ShardInfo s : c.shards().values()) {
                    Replica r = s.replicas().get(lost);
                    // A transfer target counts for nothing yet, and keeping it lets its transfer resume from
                    // its checkpoint when the node returns.
                    if (r == null || r.state() == ReplicaState.DEAD || s.transferTo(lost) != null) {
                        continue;
                    }
                    Decision d = decide(view, c.name(), s, lost, r.state());
                    if (d != null) {
                        out.add(d);
                    }
                }
            }
        }
        return out;
    }

    private static Decision decide(ControlView view, String collection, ShardInfo s, long lost, ReplicaState state) {
        String shard = "shard " + collection + "/" + s.id();
        MetadataRecord dead = new MetadataRecord.SetReplicaState(collection, s.id(), lost, ReplicaState.DEAD, state);
        if (s.primary() != lost) {
            return new Decision(dead, "peer " + lost + " stopped answering: its " + state.apiName() + " replica of "
                    + shard + " is now Dead");
        }
        long best = 0;
        long bestSeq = -1;
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            long peer = e.getKey();
            if (peer == lost || view.down().contains(peer) || !e.getValue().state().canBePrimary()) {
                continue;
            }
            OptionalLong seq = view.positions().lastSeq(collection, s.id(), peer);
            if (seq.isPresent() && seq.getAsLong() > bestSeq) {
                best = peer;
                bestSeq = seq.getAsLong();
            }
        }
        if (best == 0) {
            return null;
        }
        return new Decision(new MetadataRecord.Batch(List.of(
                new MetadataRecord.ElectPrimary(collection, s.id(), best, s.term() + 1), dead)),
                "peer " + lost + " stopped answering: " + shard + " fails over to peer " + best
                        + " (the in-sync replica holding the most operations, " + bestSeq + ") in term "
                        + (s.term() + 1));
    }
}
