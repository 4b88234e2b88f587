package io.atoll.cluster.control;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Weaviate's replication scale plan: per shard, the nodes to add (each with the node to copy from) and the nodes to
 * remove, by node name, so that every shard of {@code collection} has the asked number of replicas. A source that
 * is also removed makes its add a move. Immutable.
 */
public record ScalePlan(String planId, String collection, SortedMap<String, ShardActions> shards) {
    /** One shard's part of the plan: targets to their sources (null: the shard's primary), and nodes to remove. */
    public record ShardActions(Map<String, String> add, List<String> remove) {
        public ShardActions {
            add = Collections.unmodifiableMap(new TreeMap<>(add));
            remove = List.copyOf(remove);
        }
    }

    public ScalePlan {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }
}
