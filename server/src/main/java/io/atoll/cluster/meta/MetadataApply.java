package io.atoll.cluster.meta;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The only way cluster metadata changes: a pure, deterministic function of an image and a record. No clock, no
 * randomness, no local configuration. A record whose guard fails (it was valid when proposed, but the image
 * moved on) changes nothing and says why; apply never throws for such records.
 *
 * <p>Invariants every image keeps: every replica is on a known peer; a primary is an in-sync replica; a shard
 * that has an in-sync replica has a primary; a shard with replicas keeps at least one in-sync replica (the last
 * one is never demoted or removed, except by a forced peer removal, which loses its data); terms never
 * decrease; aliases name existing collections.
 */
public final class MetadataApply {
    /** The rejection of an UpdateCollectionParams whose expected params are no longer the collection's. */
    public static final String PARAMS_CHANGED = "the collection's parameters changed meanwhile";

    private MetadataApply() {
    }

    /** Applies a record committed at Raft index {@code index}; the image's index moves on even when rejected. */
    public static ApplyResult apply(ClusterImage image, MetadataRecord record, long index) {
        ApplyResult r = applyOne(image, record);
        return new ApplyResult(r.image().at(index), r.rejection());
    }

    private static ApplyResult ok(ClusterImage image) {
        return new ApplyResult(image, null);
    }

    private static ApplyResult reject(ClusterImage image, String why) {
        return new ApplyResult(image, why);
    }

    private static ApplyResult applyOne(ClusterImage image, MetadataRecord record) {
        return switch (record) {
            case MetadataRecord.AddPeer a -> addPeer(image, a);
            case MetadataRecord.RemovePeer r -> removePeer(image, r);
            case MetadataRecord.CreateCollection c -> createCollection(image, c);
            case MetadataRecord.DropCollection d -> image.collections().containsKey(d.name())
                    ? ok(image.withoutCollection(d.name()))
                    : reject(image, "Collection `" + d.name() + "` doesn't exist!");
            case MetadataRecord.UpdateCollectionParams u -> {
                CollectionMeta c = image.collections().get(u.name());
                if (c == null) {
                    yield reject(image, "Collection `" + u.name() + "` doesn't exist!");
                }
                yield c.params().equals(u.expected()) ? ok(image.withCollection(c.withParams(u.params())))
                        : reject(image, PARAMS_CHANGED);
            }
            case MetadataRecord.CreateAlias a -> createAlias(image, a);
            case MetadataRecord.DeleteAlias d -> {
                if (!image.aliases().containsKey(d.alias())) {
                    yield reject(image, "Alias `" + d.alias() + "` doesn't exist!");
                }
                TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
                aliases.remove(d.alias());
                yield ok(image.withAliases(aliases));
            }
            case MetadataRecord.AddReplica a -> addReplica(image, a);
            case MetadataRecord.RemoveReplica r -> removeReplica(image, r);
            case MetadataRecord.SetReplicaState s -> setReplicaState(image, s);
            case MetadataRecord.ElectPrimary e -> electPrimary(image, e);
            case MetadataRecord.MarkReplicaDead d -> markDead(image, d);
            case MetadataRecord.Batch b -> {
                ClusterImage next = image;
                for (MetadataRecord r : b.records()) {
                    ApplyResult step = applyOne(next, r);
                    if (!step.applied()) {
                        yield reject(image, step.rejection());
                    }
                    next = step.image();
                }
                yield ok(next);
            }
        };
    }

    private static ApplyResult addPeer(ClusterImage image, MetadataRecord.AddPeer a) {
        PeerInfo existing = image.peers().get(a.peerId());
        if (existing != null && existing.uri().equals(a.uri())) {
            return ok(image);
        }
        if (a.peerId() <= 0) {
            return reject(image, "peer ids are positive");
        }
        TreeMap<Long, PeerInfo> peers = new TreeMap<>(image.peers());
        peers.put(a.peerId(), new PeerInfo(a.peerId(), a.uri()));
        return ok(image.withPeers(peers));
    }

    private static ApplyResult removePeer(ClusterImage image, MetadataRecord.RemovePeer r) {
        if (!image.peers().containsKey(r.peerId())) {
            return reject(image, "Peer " + r.peerId() + " does not exist");
        }
        if (!r.force() && image.replicasOn(r.peerId()) > 0) {
            return reject(image, "Cannot remove peer " + r.peerId() + " as there are shards on it");
        }
        ClusterImage next = image;
        for (CollectionMeta c : image.collections().values()) {
            CollectionMeta updated = c;
            for (ShardInfo s : c.shards().values()) {
                if (s.replicas().containsKey(r.peerId())) {
                    updated = updated.withShard(electIfNeeded(s.withoutReplica(r.peerId())));
                }
            }
            next = next.withCollection(updated);
        }
        TreeMap<Long, PeerInfo> peers = new TreeMap<>(next.peers());
        peers.remove(r.peerId());
        return ok(next.withPeers(peers));
    }

    private static ApplyResult createCollection(ClusterImage image, MetadataRecord.CreateCollection c) {
        if (image.collections().containsKey(c.name()) || image.aliases().containsKey(c.name())) {
            return reject(image, "Collection `" + c.name() + "` already exists!");
        }
        if (c.placement().size() != c.params().shardNumber()) {
            return reject(image, "placement names " + c.placement().size() + " shards, the collection has " + c.params().shardNumber());
        }
        TreeMap<Integer, ShardInfo> shards = new TreeMap<>();
        for (Map.Entry<Integer, List<Long>> e : c.placement().entrySet()) {
            List<Long> peers = e.getValue();
            if (peers.isEmpty() || peers.stream().distinct().count() != peers.size()) {
                return reject(image, "shard " + e.getKey() + " needs distinct peers, got " + peers);
            }
            TreeMap<Long, ReplicaState> replicas = new TreeMap<>();
            for (long p : peers) {
                if (!image.peers().containsKey(p)) {
                    return reject(image, "Peer " + p + " does not exist");
                }
                // A new shard is empty, so every replica is trivially in sync with it.
                replicas.put(p, ReplicaState.ACTIVE);
            }
            shards.put(e.getKey(), new ShardInfo(e.getKey(), replicas, peers.getFirst(), 1));
        }
        return ok(image.withCollection(new CollectionMeta(c.name(), c.uuid(), c.params(), shards)));
    }

    private static ApplyResult createAlias(ClusterImage image, MetadataRecord.CreateAlias a) {
        if (!image.collections().containsKey(a.collection())) {
            return reject(image, "Collection `" + a.collection() + "` doesn't exist!");
        }
        if (image.collections().containsKey(a.alias())) {
            return reject(image, "Collection `" + a.alias() + "` already exists!");
        }
        TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
        aliases.put(a.alias(), a.collection());
        return ok(image.withAliases(aliases));
    }

    private record Located(CollectionMeta collection, ShardInfo shard) {
    }

    private static Located locate(ClusterImage image, String collection, int shard) {
        CollectionMeta c = image.collections().get(collection);
        ShardInfo s = c == null ? null : c.shards().get(shard);
        return s == null ? null : new Located(c, s);
    }

    private static ApplyResult addReplica(ClusterImage image, MetadataRecord.AddReplica a) {
        Located l = locate(image, a.collection(), a.shard());
        if (l == null) {
            return reject(image, "Shard " + a.shard() + " of " + a.collection() + " does not exist");
        }
        if (!image.peers().containsKey(a.peer())) {
            return reject(image, "Peer " + a.peer() + " does not exist");
        }
        if (l.shard().replicas().containsKey(a.peer())) {
            return reject(image, "Shard " + a.shard() + " already has a replica on peer " + a.peer());
        }
        return ok(image.withCollection(l.collection().withShard(electIfNeeded(l.shard().withReplica(a.peer(), a.state())))));
    }

    private static ApplyResult removeReplica(ClusterImage image, MetadataRecord.RemoveReplica r) {
        Located l = locate(image, r.collection(), r.shard());
        if (l == null || !l.shard().replicas().containsKey(r.peer())) {
            return reject(image, "Shard " + r.shard() + " of " + r.collection() + " has no replica on peer " + r.peer());
        }
        if (isLastInSync(l.shard(), r.peer())) {
            return reject(image, "Cannot remove the last active replica of shard " + r.shard() + " of " + r.collection());
        }
        return ok(image.withCollection(l.collection().withShard(electIfNeeded(l.shard().withoutReplica(r.peer())))));
    }

    private static ApplyResult setReplicaState(ClusterImage image, MetadataRecord.SetReplicaState s) {
        Located l = locate(image, s.collection(), s.shard());
        ReplicaState current = l == null ? null : l.shard().replicas().get(s.peer());
        if (current == null) {
            return reject(image, "Shard " + s.shard() + " of " + s.collection() + " has no replica on peer " + s.peer());
        }
        if (s.expected() != null && current != s.expected()) {
            return reject(image, "replica of shard " + s.shard() + " on peer " + s.peer() + " is " + current.apiName()
                    + ", not " + s.expected().apiName());
        }
        if (!s.state().isInSync() && isLastInSync(l.shard(), s.peer())) {
            return reject(image, "Cannot deactivate the last active replica of shard " + s.shard() + " of " + s.collection());
        }
        return ok(image.withCollection(l.collection().withShard(electIfNeeded(l.shard().withReplica(s.peer(), s.state())))));
    }

    private static ApplyResult electPrimary(ClusterImage image, MetadataRecord.ElectPrimary e) {
        Located l = locate(image, e.collection(), e.shard());
        if (l == null) {
            return reject(image, "Shard " + e.shard() + " of " + e.collection() + " does not exist");
        }
        ReplicaState state = l.shard().replicas().get(e.peer());
        if (state == null || !state.canBePrimary()) {
            return reject(image, "peer " + e.peer() + " has no in-sync replica of shard " + e.shard());
        }
        if (e.term() <= l.shard().term()) {
            return reject(image, "term " + e.term() + " is not above the shard's term " + l.shard().term());
        }
        return ok(image.withCollection(l.collection().withShard(l.shard().withPrimary(e.peer(), e.term()))));
    }

    private static ApplyResult markDead(ClusterImage image, MetadataRecord.MarkReplicaDead d) {
        Located l = locate(image, d.collection(), d.shard());
        ReplicaState current = l == null ? null : l.shard().replicas().get(d.peer());
        if (current == null) {
            return reject(image, "Shard " + d.shard() + " of " + d.collection() + " has no replica on peer " + d.peer());
        }
        if (l.shard().term() != d.term()) {
            return reject(image, "shard " + d.shard() + " of " + d.collection() + " is in term " + l.shard().term()
                    + ", not " + d.term() + ": the reporter is no longer its primary");
        }
        if (current == ReplicaState.DEAD) {
            return ok(image);
        }
        if (isLastInSync(l.shard(), d.peer())) {
            return reject(image, "Cannot deactivate the last active replica of shard " + d.shard() + " of " + d.collection());
        }
        return ok(image.withCollection(l.collection().withShard(electIfNeeded(l.shard().withReplica(d.peer(), ReplicaState.DEAD)))));
    }

    private static boolean isLastInSync(ShardInfo s, long peer) {
        ReplicaState st = s.replicas().get(peer);
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
        for (Map.Entry<Long, ReplicaState> e : s.replicas().entrySet()) {
            if (e.getValue().canBePrimary()) {
                return s.withPrimary(e.getKey(), s.term() + 1);
            }
        }
        return s;
    }
}
