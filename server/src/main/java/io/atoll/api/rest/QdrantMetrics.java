package io.atoll.api.rest;

import io.atoll.cluster.control.ClusterController;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.RaftStatus;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.collection.CollectionRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The gauges Qdrant's /metrics serves under Qdrant's names and labels, so that dashboards and alerts built for
 * Qdrant read an Atoll node unchanged: app_info, the collection counts and the cluster's Raft state. Every value
 * is read when scraped.
 */
final class QdrantMetrics {
    private QdrantMetrics() {
    }

    static void register(PrometheusRegistry registry, NodeInfo node, CollectionRegistry collections,
                         ClusterController cluster) {
        GaugeWithCallback.builder().name("app_info").help("information about the server")
                .labelNames("name", "version", "atoll_version")
                .callback(cb -> cb.call(1, "atoll", NodeInfo.QDRANT_API_VERSION, node.version()))
                .register(registry);
        GaugeWithCallback.builder().name("collections_total").help("number of collections")
                .callback(cb -> cb.call(collections.names().size())).register(registry);
        GaugeWithCallback.builder().name("collections_vector_total")
                .help("total number of vectors in all collections")
                .callback(cb -> cb.call(collections.all().stream()
                        .mapToLong(c -> c.stats().indexedVectorsCount()).sum()))
                .register(registry);
        GaugeWithCallback.builder().name("collection_points").help("approximate amount of points per collection")
                .labelNames("id")
                .callback(cb -> collections.all().forEach(c -> cb.call(c.stats().pointsCount(), c.name())))
                .register(registry);
        GaugeWithCallback.builder().name("collection_dead_replicas")
                .help("total amount of shard replicas in non-active state")
                .callback(cb -> cb.call(cluster.image().collections().values().stream()
                        .mapToLong(QdrantMetrics::notActive).sum()))
                .register(registry);
        GaugeWithCallback.builder().name("cluster_enabled").help("is cluster support enabled")
                .callback(cb -> cb.call(1)).register(registry);
        GaugeWithCallback.builder().name("cluster_peers_total").help("total number of cluster peers")
                .callback(cb -> cb.call(cluster.image().peers().size())).register(registry);
        // Qdrant types these two as counters yet names them without "_total", which the Prometheus client would
        // append to a counter: gauges keep the names its dashboards query.
        GaugeWithCallback.builder().name("cluster_term").help("current cluster term")
                .callback(cb -> cb.call(cluster.status().term())).register(registry);
        GaugeWithCallback.builder().name("cluster_commit").help("index of last committed (finalized) operation "
                        + "cluster peer is aware of")
                .callback(cb -> cb.call(cluster.status().commit())).register(registry);
        GaugeWithCallback.builder().name("cluster_pending_operations_total")
                .help("total number of pending operations for cluster peer")
                .callback(cb -> {
                    RaftStatus s = cluster.status();
                    cb.call(s.pendingOperations());
                }).register(registry);
        GaugeWithCallback.builder().name("cluster_voter").help("is cluster peer a voter or learner")
                .callback(cb -> cb.call(cluster.status().isVoter() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("cluster_last_update_timestamp_seconds")
                .help("unix timestamp of last update of this peer's consensus state")
                .callback(cb -> cb.call(cluster.status().lastUpdate().toEpochMilli() / 1000.0)).register(registry);
    }

    private static long notActive(CollectionMeta c) {
        long n = 0;
        for (ShardInfo s : c.shards().values()) {
            n += s.replicas().values().stream().filter(r -> r.state() != ReplicaState.ACTIVE).count();
        }
        return n;
    }
}
