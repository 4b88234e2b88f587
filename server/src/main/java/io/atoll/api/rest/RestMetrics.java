package io.atoll.api.rest;

import io.atoll.api.telemetry.ResponseStatistics;
import io.atoll.cluster.control.ClusterController;
import io.atoll.collection.CollectionRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * REST request counters and latencies (each answer also recorded for the telemetry endpoint), Atoll's data-plane
 * counters and Qdrant's gauges ({@link QdrantMetrics}), in a Prometheus registry of this node's own.
 */
final class RestMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter responses;
    private final Histogram durations;
    private final ResponseStatistics statistics;

    RestMetrics(NodeInfo info, CollectionRegistry collections, ClusterController cluster, NodeCounters node,
                ResponseStatistics statistics) {
        this.statistics = statistics;
        QdrantMetrics.register(registry, info, collections, cluster);
        responses = Counter.builder().name("rest_responses_total").help("REST responses by method, endpoint and status")
                .labelNames("method", "endpoint", "status").register(registry);
        durations = Histogram.builder().name("rest_responses_duration_seconds").help("REST response latency")
                .labelNames("method", "endpoint").register(registry);
        CounterWithCallback.builder().name("atoll_replication_records_sent_total")
                .help("Log records this node's primaries sent to replicas and transfer targets")
                .callback(cb -> cb.call(node.recordsSent())).register(registry);
        CounterWithCallback.builder().name("atoll_replication_records_appended_total")
                .help("Log records this node's replicas appended from their primaries")
                .callback(cb -> cb.call(node.recordsAppended())).register(registry);
        CounterWithCallback.builder().name("atoll_transfer_points_copied_total")
                .help("Points this node copied to transfer targets")
                .callback(cb -> cb.call(node.pointsCopied())).register(registry);
        CounterWithCallback.builder().name("atoll_transfer_bytes_copied_total")
                .help("Bytes of points this node copied to transfer targets")
                .callback(cb -> cb.call(node.bytesCopied())).register(registry);
        CounterWithCallback.builder().name("atoll_transfer_snapshot_bytes_sent_total")
                .help("Bytes of snapshot files this node sent to transfer targets")
                .callback(cb -> cb.call(node.snapshotBytesSent())).register(registry);
    }

    void record(String method, String endpoint, int status, long nanos) {
        responses.labelValues(method, endpoint, Integer.toString(status)).inc();
        durations.labelValues(method, endpoint).observe(nanos / 1e9);
        statistics.record(method + " " + endpoint, status, nanos);
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
