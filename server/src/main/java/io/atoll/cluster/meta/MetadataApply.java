package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The only way cluster metadata changes: a pure, deterministic function of an image, a record and the Raft index
 * the record was committed at. No clock, no randomness, no local configuration. A record whose guard fails (it was
 * valid when proposed, but the image moved on) changes nothing and says why; apply never throws for such records.
 *
 * <p>Invariants every image keeps: every replica is on a known peer; a primary is an in-sync replica; a shard
 * that has an in-sync replica has a primary; a shard with replicas keeps at least one in-sync replica (the last
 * one is never demoted or removed, except by a forced peer removal, which loses its data); terms never
 * decrease; aliases name existing collections; a replica's incarnation is the index of the record that created
 * it, so no two replicas a peer ever held share one.
 */
public final class MetadataApply {
    private MetadataApply() {
    }

    /** Applies a record committed at Raft index {@code index}; the image's index moves on even when rejected. */
    public static ApplyResult apply(ClusterImage image, MetadataRecord record, long index) {
        ApplyResult r = applyOne(image, record, index);
        return new ApplyResult(r.image().at(index), r.rejection());
    }

    /**
     * An entry that could not be decoded: it never was a valid proposal, so it changes nothing, but its index is
     * used up like any other (a proposer waiting for it must see the image move past it).
     */
    public static ApplyResult undecodable(ClusterImage image, long index) {
        return new ApplyResult(image.at(index), Rejection.of(Reason.UNDECODABLE, "undecodable metadata record"));
    }



    private static ApplyResult applyOne(ClusterImage image, MetadataRecord record, long index) {
        return switch (record) {
            case MetadataRecord.AddPeer a -> addPeer(image, a);
            case MetadataRecord.RemovePeer r -> removePeer(image, r, index);
            case MetadataRecord.CreateCollection c -> createCollection(image, c, index);
            case MetadataRecord.DropCollection d -> image.collections().containsKey(d.name())
                    ? ok(image.withoutCollection(d.name()))
                    : refused(image, Reason.NOT_FOUND, "Collection `" + d.name() + "` doesn't exist!");
            case MetadataRecord.UpdateCollectionParams u -> {
                CollectionMeta c = image.collections().get(u.name());
                if (c == null) {
                    yield refused(image, Reason.NOT_FOUND, "Collection `" + u.name() + "` doesn't exist!");
                }
                yield c.params().equals(u.expected()) ? ok(image.withCollection(c.withParams(u.params())))
                        : refused(image, Reason.PARAMS_CHANGED, "the collection's parameters changed meanwhile");
            }
            case MetadataRecord.CreateAlias a -> createAlias(image, a);
            case MetadataRecord.DeleteAlias d -> {
                if (!image.aliases().containsKey(d.alias())) {
                    yield refused(image, Reason.NOT_FOUND, "Alias `" + d.alias() + "` doesn't exist!");
                }
                TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
                aliases.remove(d.alias());
                yield ok(image.withAliases(aliases));
            }
            case MetadataRecord.AddReplica a -> addReplica(image, a, index);
            case MetadataRecord.RemoveReplica r -> removeReplica(image, r);
            case MetadataRecord.RecreateShard r -> recreateShard(image, r, index);
            case MetadataRecord.SetReplicaState s -> setReplicaState(image, s);
            case MetadataRecord.ElectPrimary e -> electPrimary(image, e);
            case MetadataRecord.MarkReplicaDead d -> markDead(image, d);
            case MetadataRecord.StartTransfer t -> onShard(image, t.collection(), t.shard(),
                    s -> TransferApply.start(image, s, t, index));
            case MetadataRecord.TransferProgressed t -> TransferRecordsApply.progressed(image, t, index);
            case MetadataRecord.FinishTransfer t -> TransferRecordsApply.finish(image, t, index);
            case MetadataRecord.AbortTransfer t -> TransferRecordsApply.abort(image, t, index);
            case MetadataRecord.RestartTransfer t -> TransferRecordsApply.restart(image, t, index);
            case MetadataRecord.RegisterReplication r -> ReplicationApply.register(image, r, index);
            case MetadataRecord.AdvanceReplication r -> ReplicationApply.advance(image, r, index);
            case MetadataRecord.CancelReplication r -> ReplicationApply.cancel(image, r, index);
            case MetadataRecord.DeleteReplications r -> ReplicationApply.delete(image, r, index);
            case MetadataRecord.StartResharding r -> ReshardingApply.start(image, r, index);
            case MetadataRecord.MigrationProgressed p -> PromotionApply.running(image, p.collection(), p.uuid()) != null
                    ? PromotionApply.progressed(image, p) : ReshardingApply.progressed(image, p);
            case MetadataRecord.AdvanceResharding a -> ReshardingApply.advance(image, a, index);
            case MetadataRecord.FinishResharding f -> ReshardingApply.finish(image, f);
            case MetadataRecord.AbortResharding a -> ReshardingApply.abort(image, a);
            case MetadataRecord.ShardCleaned c -> ReshardingApply.cleaned(image, c);
            case MetadataRecord.CreateShardKey k -> ShardKeyApply.create(image, k, index);
            case MetadataRecord.DropShardKey k -> ShardKeyApply.drop(image, k, index);
            case MetadataRecord.StartPromotion p -> PromotionApply.start(image, p, index);
            case MetadataRecord.SwitchPromotionReads p -> PromotionApply.switchReads(image, p, index);
            case MetadataRecord.FinishPromotion p -> PromotionApply.finish(image, p, index);
            case MetadataRecord.AbortPromotion p -> PromotionApply.abort(image, p, index);
            case MetadataRecord.SetRebalance r -> ManagementApply.setRebalance(image, r);
            case MetadataRecord.StartDrain d -> ManagementApply.startDrain(image, d);
            case MetadataRecord.StopDrain d -> ManagementApply.stopDrain(image, d);
            case MetadataRecord.CancelDrain d -> ManagementApply.cancelDrain(image, d, index);
            case MetadataRecord.RetireReplica r -> ManagementApply.retire(image, r);
            case MetadataRecord.DropRetired r -> ManagementApply.dropRetired(image, r);
            case MetadataRecord.Batch b -> {
                ClusterImage next = image;
                for (MetadataRecord r : b.records()) {
                    ApplyResult step = applyOne(next, r, index);
                    if (!step.applied()) {
                        yield new ApplyResult(image, step.rejection());
                    }
                    next = step.image();
                }
                yield ok(next);
            }
        };
    }

    private static ApplyResult addPeer(ClusterImage image, MetadataRecord.AddPeer a) {
        if (a.peerId() <= 0) {
            return refused(image, Reason.INVALID, "peer ids are positive");
        }
        PeerInfo peer = new PeerInfo(a.peerId(), a.uri(), a.name());
        if (peer.equals(image.peers().get(a.peerId()))) {
            return ok(image);
        }
        PeerInfo named = image.peerNamed(peer.name());
        if (named != null && named.id() != peer.id()) {
            return refused(image, Reason.ALREADY_EXISTS, "node name `" + peer.name() + "` is taken by peer " + named.id());
        }
        TreeMap<Long, PeerInfo> peers = new TreeMap<>(image.peers());
        peers.put(a.peerId(), peer);
        return ok(image.withPeers(peers));
    }

    private static ApplyResult removePeer(ClusterImage image, MetadataRecord.RemovePeer r, long index) {
        if (!image.peers().containsKey(r.peerId())) {
            return refused(image, Reason.NOT_FOUND, "Peer " + r.peerId() + " does not exist");
        }
        if (!r.force() && image.replicasOn(r.peerId()) > 0) {
            return refused(image, Reason.HAS_REPLICAS, "Cannot remove peer " + r.peerId() + " as there are shards on it");
        }
        ClusterImage next = image;
        for (CollectionMeta c : image.collections().values()) {
            CollectionMeta updated = c;
            if (c.resharding() != null && c.resharding().stage() == ReshardingStage.MIGRATING_POINTS
                    && c.shards().values().stream().anyMatch(s -> s.hasReplicaOn(r.peerId()))) {
                // A forced removal loses the peer's replicas; a migration from or to them cannot be trusted to
                // have copied everything, so the resharding starts over rather than commit on a guess.
                updated = ReshardingApply.aborted(updated);
            }
            Promotion p = c.promotion();
            if (p != null && !p.readsSwitched() && c.shards().values().stream()
                    .anyMatch(s -> (s.id() == p.from() || s.id() == p.to()) && s.hasReplicaOn(r.peerId()))) {
                updated = PromotionApply.aborted(updated, index); // for the same reason
            }
            for (ShardInfo s : updated.shards().values()) {
                if (s.hasReplicaOn(r.peerId())) {
                    updated = updated.withShard(electIfNeeded(s.withoutReplica(r.peerId())));
                }
            }
            next = next.withCollection(updated);
        }
        TreeMap<Long, PeerInfo> peers = new TreeMap<>(next.peers());
        peers.remove(r.peerId());
        return ok(next.withPeers(peers).withManagement(next.management().withoutDrain(r.peerId())));
    }

    private static ApplyResult createCollection(ClusterImage image, MetadataRecord.CreateCollection c, long index) {
        if (image.collections().containsKey(c.name()) || image.aliases().containsKey(c.name())) {
            return refused(image, Reason.ALREADY_EXISTS, "Collection `" + c.name() + "` already exists!");
        }
        if (c.params().customSharding() ? !c.placement().isEmpty() : c.placement().size() != c.params().shardNumber()) {
            return refused(image, Reason.INVALID, "placement names " + c.placement().size() + " shards, the collection has "
                    + c.params().shardNumber());
        }
        TreeMap<Integer, ShardInfo> shards = new TreeMap<>();
        for (Map.Entry<Integer, List<Long>> e : c.placement().entrySet()) {
            List<Long> peers = e.getValue();
            if (peers.isEmpty() || peers.stream().distinct().count() != peers.size()) {
                return refused(image, Reason.INVALID, "shard " + e.getKey() + " needs distinct peers, got " + peers);
            }
            TreeMap<Long, Replica> replicas = new TreeMap<>();
            for (long p : peers) {
                if (!image.peers().containsKey(p)) {
                    return refused(image, Reason.NOT_FOUND, "Peer " + p + " does not exist");
                }
                // A new shard is empty, so every replica is trivially in sync with it.
                replicas.put(p, new Replica(index, ReplicaState.ACTIVE));
            }
            shards.put(e.getKey(), new ShardInfo(e.getKey(), replicas, peers.getFirst(), 1));
        }
        return ok(image.withCollection(new CollectionMeta(c.name(), c.uuid(), c.params(), shards)));
    }

    private static ApplyResult createAlias(ClusterImage image, MetadataRecord.CreateAlias a) {
        if (!image.collections().containsKey(a.collection())) {
            return refused(image, Reason.NOT_FOUND, "Collection `" + a.collection() + "` doesn't exist!");
        }
        if (image.collections().containsKey(a.alias())) {
            return refused(image, Reason.ALREADY_EXISTS, "Collection `" + a.alias() + "` already exists!");
        }
        TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
        aliases.put(a.alias(), a.collection());
        return ok(image.withAliases(aliases));
    }

    private record Located(CollectionMeta collection, ShardInfo shard) {
        ClusterImage with(ClusterImage image, ShardInfo changed) {
            return image.withCollection(collection.withShard(changed));
        }
    }

    private static Located locate(ClusterImage image, String collection, int shard) {
        CollectionMeta c = image.collections().get(collection);
        ShardInfo s = c == null ? null : c.shard(shard);
        return s == null ? null : new Located(c, s);
    }

    static ApplyResult onShard(ClusterImage image, String collection, int shard,
                                       Function<ShardInfo, TransferApply.Outcome> change) {
        Located l = locate(image, collection, shard);
        if (l == null) {
            return refused(image, Reason.NOT_FOUND, "Shard " + shard + " of " + collection + " does not exist");
        }
        TransferApply.Outcome o = change.apply(l.shard());
        return o.rejection() != null ? new ApplyResult(image, o.rejection()) : ok(l.with(image, o.shard()));
    }

    private static ApplyResult noReplica(ClusterImage image, String collection, int shard, long peer) {
        return refused(image, Reason.NOT_FOUND, "Shard " + shard + " of " + collection + " has no replica on peer " + peer);
    }

    private static ApplyResult addReplica(ClusterImage image, MetadataRecord.AddReplica a, long index) {
        Located l = locate(image, a.collection(), a.shard());
        if (l == null) {
            return refused(image, Reason.NOT_FOUND, "Shard " + a.shard() + " of " + a.collection() + " does not exist");
        }
        if (!image.peers().containsKey(a.peer())) {
            return refused(image, Reason.NOT_FOUND, "Peer " + a.peer() + " does not exist");
        }
        if (l.shard().hasReplicaOn(a.peer())) {
            return refused(image, Reason.ALREADY_EXISTS, "Shard " + a.shard() + " already has a replica on peer " + a.peer());
        }
        if (!a.state().canBeAdded()) {
            return refused(image, Reason.ILLEGAL_TRANSITION, "a replica cannot be added as " + a.state().apiName()
                    + ": it holds no data yet and becomes active only through a transfer");
        }
        return ok(l.with(image, l.shard().withReplica(a.peer(), new Replica(index, a.state()))));
    }

    private static ApplyResult recreateShard(ClusterImage image, MetadataRecord.RecreateShard r, long index) {
        Located l = locate(image, r.collection(), r.shard());
        if (l == null) {
            return refused(image, Reason.NOT_FOUND, "Shard " + r.shard() + " of " + r.collection() + " does not exist");
        }
        if (!image.peers().containsKey(r.peer())) {
            return refused(image, Reason.NOT_FOUND, "Peer " + r.peer() + " does not exist");
        }
        if (!l.shard().replicas().isEmpty()) {
            return refused(image, Reason.ALREADY_EXISTS, "Shard " + r.shard() + " of " + r.collection()
                    + " still has replicas on peers " + l.shard().replicas().keySet());
        }
        // Empty, like a new shard's replica, so trivially in sync with what the shard now holds.
        return ok(l.with(image, electIfNeeded(l.shard().withReplica(r.peer(), new Replica(index, ReplicaState.ACTIVE)))));
    }

    private static ApplyResult removeReplica(ClusterImage image, MetadataRecord.RemoveReplica r) {
        Located l = locate(image, r.collection(), r.shard());
        if (l == null || !l.shard().hasReplicaOn(r.peer())) {
            return noReplica(image, r.collection(), r.shard(), r.peer());
        }
        Replica found = l.shard().replicas().get(r.peer());
        if (r.deadIncarnation() != 0 && (found.state() != ReplicaState.DEAD
                || found.incarnation() != r.deadIncarnation())) {
            return refused(image, Reason.UNEXPECTED_STATE, "the replica of shard " + r.shard() + " of " + r.collection()
                    + " on peer " + r.peer() + " is no longer the Dead incarnation " + r.deadIncarnation() + " ("
                    + found.state().apiName() + ", incarnation " + found.incarnation() + ")");
        }
        if (isLastInSync(l.shard(), r.peer())) {
            return refused(image, Reason.LAST_IN_SYNC, "Cannot remove the last active replica of shard " + r.shard()
                    + " of " + r.collection());
        }
        // The operation would put its target back (its transfer gone, it starts another) or lose its source.
        for (ReplicationOp op : image.operations().values()) {
            if (op.collection().equals(r.collection()) && op.shard() == r.shard() && op.holds(r.peer())) {
                return refused(image, Reason.CONFLICT, "the replica of shard " + r.shard() + " of " + r.collection()
                        + " on peer " + r.peer() + " is held by replication operation " + op.id() + " ("
                        + op.state() + "): cancel it first");
            }
        }
        return ok(l.with(image, electIfNeeded(l.shard().withoutReplica(r.peer()))));
    }

    /**
     * A bare state change never brings a replica into the in-sync set, except an Initializing replica that opened
     * (it was created with its shard and missed nothing): a replica that missed writes (Dead, Listener, a transfer
     * target) holds every acknowledged write only once a transfer says so, and the transfer's own record makes it
     * Active. ReplicaState.canBecome holds the transitions the states themselves allow.
     */
    private static ApplyResult setReplicaState(ClusterImage image, MetadataRecord.SetReplicaState s) {
        Located l = locate(image, s.collection(), s.shard());
        ReplicaState current = l == null ? null : l.shard().state(s.peer());
        if (current == null) {
            return noReplica(image, s.collection(), s.shard(), s.peer());
        }
        if (s.expected() != null && current != s.expected()) {
            return refused(image, Reason.UNEXPECTED_STATE, "replica of shard " + s.shard() + " on peer " + s.peer()
                    + " is " + current.apiName() + ", not " + s.expected().apiName());
        }
        boolean joinsInSync = !current.isInSync() && s.state().isInSync() && current != ReplicaState.INITIALIZING;
        if (!current.canBecome(s.state()) || joinsInSync) {
            return refused(image, Reason.ILLEGAL_TRANSITION, "the replica of shard " + s.shard() + " of "
                    + s.collection() + " on peer " + s.peer() + " cannot go from " + current.apiName() + " to "
                    + s.state().apiName() + (joinsInSync ? " without a transfer" : ""));
        }
        if (!s.state().isInSync() && isLastInSync(l.shard(), s.peer())) {
            return refused(image, Reason.LAST_IN_SYNC, "Cannot deactivate the last active replica of shard "
                    + s.shard() + " of " + s.collection());
        }
        return ok(l.with(image, electIfNeeded(l.shard().withState(s.peer(), s.state()))));
    }

    private static ApplyResult electPrimary(ClusterImage image, MetadataRecord.ElectPrimary e) {
        Located l = locate(image, e.collection(), e.shard());
        if (l == null) {
            return refused(image, Reason.NOT_FOUND, "Shard " + e.shard() + " of " + e.collection() + " does not exist");
        }
        ReplicaState state = l.shard().state(e.peer());
        if (state == null || !state.canBePrimary()) {
            return refused(image, Reason.UNEXPECTED_STATE, "peer " + e.peer() + " has no in-sync replica of shard " + e.shard());
        }
        if (e.term() <= l.shard().term()) {
            return refused(image, Reason.STALE_TERM, "term " + e.term() + " is not above the shard's term " + l.shard().term());
        }
        return ok(l.with(image, l.shard().withPrimary(e.peer(), e.term())));
    }

    private static ApplyResult markDead(ClusterImage image, MetadataRecord.MarkReplicaDead d) {
        Located l = locate(image, d.collection(), d.shard());
        // The term first: a deposed reporter must hear so even when the replica was replaced meanwhile, or it
        // would take "gone" for leave to acknowledge writes without that replica.
        if (l != null && l.shard().term() != d.term()) {
            return refused(image, Reason.STALE_TERM, "shard " + d.shard() + " of " + d.collection() + " is in term "
                    + l.shard().term() + ", not " + d.term() + ": the reporter is no longer its primary");
        }
        Replica replica = l == null ? null : l.shard().replicas().get(d.peer());
        if (replica == null || replica.incarnation() != d.incarnation()) {
            return noReplica(image, d.collection(), d.shard(), d.peer());
        }
        ReplicaState current = replica.state();
        if (current == ReplicaState.DEAD) {
            return ok(image);
        }
        if (isLastInSync(l.shard(), d.peer())) {
            return refused(image, Reason.LAST_IN_SYNC, "Cannot deactivate the last active replica of shard "
                    + d.shard() + " of " + d.collection());
        }
        return ok(l.with(image, electIfNeeded(l.shard().withState(d.peer(), ReplicaState.DEAD))));
    }

    private static boolean isLastInSync(ShardInfo s, long peer) {
        ReplicaState st = s.state(peer);
        return st != null && st.isInSync() && s.countInState(ReplicaState::isInSync) == 1;
    }

    /**
     * A shard left without a primary but with in-sync replicas gets one at once (the lowest peer id), so writes
     * have somewhere to go; a controller that knows more (liveness) may elect another with a higher term.
     */
    private static ShardInfo electIfNeeded(ShardInfo s) {
        if (s.primary() != 0) {
            return s;
        }
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            if (e.getValue().state().canBePrimary()) {
                return s.withPrimary(e.getKey(), s.term() + 1);
            }
        }
        return s;
    }
}
