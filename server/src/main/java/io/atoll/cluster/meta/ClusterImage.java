package io.atoll.cluster.meta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole cluster metadata at one Raft index: peers, collections with their shards and replicas, aliases, and
 * the replication operations by id, and what the cluster is told about managing itself. Immutable; {@link MetadataApply#apply} is the only way to a next image.
 */
public record ClusterImage(long appliedIndex, SortedMap<Long, PeerInfo> peers,
                           SortedMap<String, CollectionMeta> collections, SortedMap<String, String> aliases,
                           SortedMap<String, ReplicationOp> operations, Management management) {

    public static final ClusterImage EMPTY = new ClusterImage(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    public ClusterImage {
        peers = Collections.unmodifiableSortedMap(new TreeMap<>(peers));
        collections = Collections.unmodifiableSortedMap(new TreeMap<>(collections));
        aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
        operations = Collections.unmodifiableSortedMap(operations == null ? new TreeMap<>() : new TreeMap<>(operations));
        management = management == null ? Management.DEFAULT : management;
    }

    public ClusterImage(long appliedIndex, SortedMap<Long, PeerInfo> peers,
                        SortedMap<String, CollectionMeta> collections, SortedMap<String, String> aliases,
                        SortedMap<String, ReplicationOp> operations) {
        this(appliedIndex, peers, collections, aliases, operations, null);
    }

    public ClusterImage(long appliedIndex, SortedMap<Long, PeerInfo> peers,
                        SortedMap<String, CollectionMeta> collections, SortedMap<String, String> aliases) {
        this(appliedIndex, peers, collections, aliases, null, null);
    }

    ClusterImage at(long index) {
        return new ClusterImage(index, peers, collections, aliases, operations, management);
    }

    ClusterImage withPeers(SortedMap<Long, PeerInfo> p) {
        return new ClusterImage(appliedIndex, p, collections, aliases, operations, management);
    }

    ClusterImage withOperation(ReplicationOp op) {
        TreeMap<String, ReplicationOp> m = new TreeMap<>(operations);
        m.put(op.id(), op);
        return new ClusterImage(appliedIndex, peers, collections, aliases, m, management);
    }

    ClusterImage withoutOperations(java.util.Collection<String> ids) {
        TreeMap<String, ReplicationOp> m = new TreeMap<>(operations);
        m.keySet().removeAll(ids);
        return new ClusterImage(appliedIndex, peers, collections, aliases, m, management);
    }

    /** The peer named {@code name} (its configured name, or its id in decimal), or null. */
    public PeerInfo peerNamed(String name) {
        for (PeerInfo p : peers.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    ClusterImage withCollection(CollectionMeta c) {
        TreeMap<String, CollectionMeta> m = new TreeMap<>(collections);
        m.put(c.name(), c);
        return new ClusterImage(appliedIndex, peers, m, aliases, operations, management);
    }

    ClusterImage withoutCollection(String name) {
        TreeMap<String, CollectionMeta> m = new TreeMap<>(collections);
        m.remove(name);
        TreeMap<String, String> a = new TreeMap<>(aliases);
        a.values().removeIf(name::equals);
        // A dropped collection's operations go with it (Weaviate deletes them too): nothing is left to move.
        TreeMap<String, ReplicationOp> ops = new TreeMap<>(operations);
        ops.values().removeIf(op -> op.collection().equals(name));
        return new ClusterImage(appliedIndex, peers, m, a, ops, management);
    }

    ClusterImage withManagement(Management m) {
        return new ClusterImage(appliedIndex, peers, collections, aliases, operations, m);
    }

    ClusterImage withAliases(SortedMap<String, String> a) {
        return new ClusterImage(appliedIndex, peers, collections, a, operations, management);
    }

    /** Whether a replication operation that has not finished runs on the shard. */
    public boolean operationRunsOn(String collection, int shard) {
        return operations.values().stream().anyMatch(op -> !op.state().finished() && op.collection().equals(collection)
                && op.shard() == shard);
    }

    /** Whether a running replication operation holds {@code peer}'s replica of the shard, as source or target. */
    public boolean operationHolds(String collection, int shard, long peer) {
        return operations.values().stream().anyMatch(op -> op.collection().equals(collection) && op.shard() == shard
                && op.holds(peer));
    }

    /** How many replicas a peer holds, over all collections (placement and peer removal use it). */
    public long replicasOn(long peer) {
        return collections.values().stream().flatMap(c -> c.shards().values().stream())
                .filter(s -> s.replicas().containsKey(peer)).count();
    }
}
