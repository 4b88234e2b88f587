package io.atoll.cluster.meta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole cluster metadata at one Raft index: peers, collections with their shards and replicas, aliases.
 * Immutable; {@link MetadataApply#apply} is the only way to a next image.
 */
public record ClusterImage(long appliedIndex, SortedMap<Long, PeerInfo> peers,
                           SortedMap<String, CollectionMeta> collections, SortedMap<String, String> aliases) {

    public static final ClusterImage EMPTY = new ClusterImage(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    public ClusterImage {
        peers = Collections.unmodifiableSortedMap(new TreeMap<>(peers));
        collections = Collections.unmodifiableSortedMap(new TreeMap<>(collections));
        aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    ClusterImage at(long index) {
        return new ClusterImage(index, peers, collections, aliases);
    }

    ClusterImage withPeers(SortedMap<Long, PeerInfo> p) {
        return new ClusterImage(appliedIndex, p, collections, aliases);
    }

    ClusterImage withCollection(CollectionMeta c) {
        TreeMap<String, CollectionMeta> m = new TreeMap<>(collections);
        m.put(c.name(), c);
        return new ClusterImage(appliedIndex, peers, m, aliases);
    }

    ClusterImage withoutCollection(String name) {
        TreeMap<String, CollectionMeta> m = new TreeMap<>(collections);
        m.remove(name);
        TreeMap<String, String> a = new TreeMap<>(aliases);
        a.values().removeIf(name::equals);
        return new ClusterImage(appliedIndex, peers, m, a);
    }

    ClusterImage withAliases(SortedMap<String, String> a) {
        return new ClusterImage(appliedIndex, peers, collections, a);
    }

    /** How many replicas a peer holds, over all collections (placement and peer removal use it). */
    public long replicasOn(long peer) {
        return collections.values().stream().flatMap(c -> c.shards().values().stream())
                .filter(s -> s.replicas().containsKey(peer)).count();
    }
}
