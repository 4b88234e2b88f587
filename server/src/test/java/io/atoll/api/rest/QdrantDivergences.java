package io.atoll.api.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where Atoll's openapi.json knowingly differs from Qdrant 1.19's names, each with its reason: what Atoll lacks
 * (a feature it does not have, refused by name in requests), and what it adds (Qdrant's own serde aliases, which its description leaves out, and Atoll's own
 * fields). {@link QdrantFieldNamesTest} holds the description to exactly this list.
 */
final class QdrantDivergences {
    private enum Kind { LACKS, ADDS }

    private record Divergence(String schema, Kind kind, Set<String> names, String why) {
    }

    private static final String TELEMETRY = "Atoll's telemetry tells its collections, shards, peers and request "
            + "counts; Qdrant's build options, hardware, memory, quotas and per-shard statistics it does not keep";
    private static final String ALIAS = "an alias Qdrant's serde accepts, which its description does not show";
    private static final String PROGRESS = "Atoll's own structured progress, beside Qdrant's fields";

    private static final List<Divergence> ALL = List.of(
            // requests: fields of Qdrant's schemas that Atoll refuses
            lacks("QuantizationConfig", "{turbo}", "refused by name: no turbo quantization yet"),
            lacks("QuantizationConfigDiff", "{turbo}", "refused by name: no turbo quantization yet"),
            lacks("VectorStruct", "{image,model,options} {model,object,options} {model,options,text}",
                    "no inference: documents, images and objects to embed are refused"),
            lacks("QueryInterface", "{image,model,options} {model,object,options} {model,options,text}",
                    "refused by name: inference"),
            lacks("VectorInput", "{image,model,options} {model,object,options} {model,options,text}",
                    "refused by name: inference"),
            // answers: what Atoll has no feature to report
            lacks("CollectionInfo", "update_queue warnings", "no update queue, no configuration warnings"),
            lacks("ProgressTree", "children", "a merge has no stages to show"),
            lacks("ReplicaState", "ManualRecovery", "no manual recovery state"),
            lacks("ConsensusThreadStatus", "err", "the consensus thread (Ratis) is never reported stopped"),
            lacks("ErrorResponse", "result", "Qdrant's schema has it, Qdrant's own error answers leave it out too"),
            lacks("TelemetryData", "hardware memory quota search_pool", TELEMETRY),
            lacks("AppBuildTelemetry", "audit features hide_jwt_dashboard hnsw_global_config jwt_rbac "
                    + "low_memory_mode runtime_features system", TELEMETRY),
            lacks("CollectionsTelemetry", "max_collections snapshots", TELEMETRY),
            lacks("CollectionTelemetry", "config init_time_ms resharding shard_clean_tasks transfers", TELEMETRY),
            lacks("ReplicaSetTelemetry", "local partial_snapshot", TELEMETRY),
            lacks("RemoteShardTelemetry", "searches updates", TELEMETRY),
            lacks("ClusterTelemetry", "config metadata peer_metadata peers resharding_enabled", TELEMETRY),
            lacks("WebApiTelemetry", "per_collection_responses", TELEMETRY),
            lacks("GrpcTelemetry", "per_collection_responses", TELEMETRY),
            lacks("OperationDurationStatistics", "fail_count", "each status code is counted apart: the failures are "
                    + "the entries of failing codes"),
            // what Atoll takes or shows beyond Qdrant's names
            adds("CreateCollection", "quantization", ALIAS),
            adds("CreateCollection", "optimizer_config", ALIAS),
            adds("DeleteVectors", "vectors", ALIAS),
            adds("PointVectors", "vectors", ALIAS),
            adds("UpdateCollection", "quantization", ALIAS),
            adds("PointRequest", "with_vectors", ALIAS),
            adds("QueryRequest", "with_vectors", ALIAS),
            adds("QueryGroupsRequest", "with_vectors", ALIAS),
            adds("WithLookup", "with_vector", ALIAS),
            adds("ScrollRequest", "with_vectors", ALIAS),
            adds("PointStruct", "vectors", ALIAS),
            adds("CreateShardingKey", "shard_number", ALIAS),
            adds("CreateFieldIndex", "field_type", "the older name of field_schema"),
            adds("CreateCollection", "init_from", "refused by name rather than as unknown"),
            adds("CreateCollection", "read_fan_out_delay_ms read_fan_out_factor", "Qdrant 1.19 has them in "
                    + "CollectionParams and PATCH params only (its create ignores unknown fields); Atoll applies them"),
            adds("PointVectors", "payload", "ignored, as Qdrant's clients send it and Qdrant ignores it"),
            adds("AbortShardTransfer", "method", "accepted and ignored (Qdrant's abort_transfer has no method)"),
            adds("Match", "integer keyword", "older names of value that Atoll still takes (Qdrant 1.19 does not)"),
            adds("StartResharding", "auto", "Atoll's own: false leaves the resharding steps to the operator"),
            adds("ClusterOperations", "{commit_read_hash_ring} {commit_write_hash_ring} {finish_migrating_points} "
                    + "{finish_resharding}", "Atoll's own: the steps of a resharding started with auto=false"),
            adds("VersionInfo", "atoll_version", "Atoll's own version beside the Qdrant API version it follows"),
            adds("LocalShardInfo", "primary term", "Atoll's own: which replica is primary, and its term"),
            adds("RemoteShardInfo", "primary term", "Atoll's own: which replica is primary, and its term"),
            adds("ShardTransferInfo", "automatic bytes_done bytes_per_sec bytes_total error eta_sec "
                    + "from_shard_key kind points_done points_per_sec points_total reads_switched stage "
                    + "started_at_ms synced to_incarnation to_shard_key", PROGRESS),
            adds("ReshardingInfo", "auto eta_sec points_migrated points_total seconds stage stage_started_at_ms "
                    + "started_at_ms uuid", PROGRESS),
            adds("CollectionTelemetry", "points_count segments_count", "Atoll's own counts per collection"));

    private QdrantDivergences() {
    }

    static Map<String, Set<String>> missing() {
        return of(Kind.LACKS);
    }

    static Map<String, Set<String>> extra() {
        return of(Kind.ADDS);
    }

    private static Map<String, Set<String>> of(Kind kind) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Divergence d : ALL) {
            if (d.kind() == kind) {
                out.computeIfAbsent(d.schema(), s -> new TreeSet<>()).addAll(d.names());
            }
        }
        return out;
    }

    private static Divergence lacks(String schema, String names, String why) {
        return new Divergence(schema, Kind.LACKS, Set.of(names.split(" ")), why);
    }

    private static Divergence adds(String schema, String names, String why) {
        return new Divergence(schema, Kind.ADDS, Set.of(names.split(" ")), why);
    }
}
