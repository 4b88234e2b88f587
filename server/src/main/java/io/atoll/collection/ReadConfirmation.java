package io.atoll.collection;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ReplicaPosition;
import java.util.List;

/**
 * Makes a read from several replicas linearizable: it must reflect every write acknowledged before it began, and
 * nothing that a failover could still take back. First this node catches up with the metadata (a Raft read-index
 * round), so a node cut off from the majority answers no such read, and checks that the shard is still in the
 * term the replicas answered in and that each of them is still in sync. Then the primary checks that it still
 * leads in that term, that each replica follows its log, and waits until every record up to the furthest answer
 * is durable on every in-sync replica ({@link LocalReplica#confirmRead}). What the answers hold is then
 * acknowledged or committed, and a write acknowledged before the read began is in each of them.
 */
final class ReadConfirmation {
    private final CoordinatorContext context;

    ReadConfirmation(CoordinatorContext context) {
        this.context = context;
    }

    void confirm(String collection, int shard, List<? extends ReplicaAnswers.Answer<?>> answers) {
        context.metadata().sync();
        ClusterImage image = context.metadata().image(); // one image for the whole check
        var meta = image.collections().get(collection);
        ShardInfo info = meta == null ? null : meta.shard(shard);
        long term = answers.getFirst().term();
        if (info == null || info.term() != term) {
            throw AtollException.unavailable("shard " + shard + " of collection `" + collection + "` changed primary "
                    + "while it was read (the replicas answered in term " + term + "); try again");
        }
        ConfirmReadRequest.Builder request = ConfirmReadRequest.newBuilder().setCollection(collection).setShard(shard)
                .setTerm(term).setMetadataIndex(image.appliedIndex());
        for (ReplicaAnswers.Answer<?> a : answers) {
            ReplicaState st = info.state(a.peer());
            if (st == null || !st.isInSync()) {
                throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + collection
                        + "` on peer " + a.peer() + " left the in-sync replicas while it was read; try again");
            }
            request.addPositions(ReplicaPosition.newBuilder().setPeer(a.peer()).setSeq(a.position().seq())
                    .setRecordTerm(a.position().term()));
        }
        ConfirmReadRequest r = request.build();
        if (info.primary() == context.self()) {
            context.replicas().require(collection, shard).confirmRead(term, r.getPositionsList());
            return;
        }
        try {
            var peer = image.peers().get(info.primary());
            if (peer == null) {
                throw AtollException.unavailable("the primary of shard " + shard + " left the cluster");
            }
            context.transport().call(peer.uri(), PeerRpcs.CONFIRM_READ, r);
        } catch (PeerUnreachableException e) {
            throw AtollException.unavailable("the primary of shard " + shard + " of collection `" + collection
                    + "` could not confirm the read: " + e.getMessage());
        }
    }
}
