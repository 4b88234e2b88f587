package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionStats;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorDatatype;
import io.atoll.schema.VectorParams;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import java.util.Locale;
import java.util.Map;

/**
 * Qdrant's collection messages both ways. A request becomes the REST body it stands for, so that the REST parser
 * checks and reads it (one set of rules for both APIs); an answer is built from the same params REST reports.
 * Fields Atoll cannot take through gRPC yet are refused by name rather than dropped. Stateless.
 */
final class CollectionMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CollectionMessages() {
    }

    /** The REST body of collection-creation that {@code r} stands for. */
    static ObjectNode createBody(CreateCollection r) {
        ObjectNode body = F.objectNode();
        if (r.hasSparseVectorsConfig()) {
            body.set("sparse_vectors", SparseVectorMessages.json(r.getSparseVectorsConfig()));
        }
        if (r.hasQuantizationConfig()) {
            body.set("quantization_config", QuantizationMessages.json(r.getQuantizationConfig()));
        }
        if (r.hasWalConfig()) {
            body.set("wal_config", StrictModeMessages.json(r.getWalConfig()));
        }
        if (r.hasStrictModeConfig()) {
            body.set("strict_mode_config", StrictModeMessages.json(r.getStrictModeConfig()));
        }
        if (r.hasOptimizersConfig()) {
            body.set("optimizers_config", optimizers(r.getOptimizersConfig()));
        }
        if (r.hasVectorsConfig()) {
            Collections.VectorsConfig v = r.getVectorsConfig();
            if (v.hasParams()) {
                body.set("vectors", vectorParams(v.getParams()));
            } else if (v.hasParamsMap()) {
                ObjectNode named = body.putObject("vectors");
                v.getParamsMap().getMapMap().forEach((name, p) -> named.set(name, vectorParams(p)));
            }
        }
        if (r.hasShardNumber()) {
            body.put("shard_number", Integer.toUnsignedLong(r.getShardNumber()));
        }
        if (r.hasReplicationFactor()) {
            body.put("replication_factor", Integer.toUnsignedLong(r.getReplicationFactor()));
        }
        if (r.hasWriteConsistencyFactor()) {
            body.put("write_consistency_factor", Integer.toUnsignedLong(r.getWriteConsistencyFactor()));
        }
        if (r.hasOnDiskPayload()) {
            body.put("on_disk_payload", r.getOnDiskPayload());
        }
        if (r.hasHnswConfig()) {
            body.set("hnsw_config", hnsw(r.getHnswConfig()));
        }
        if (r.hasShardingMethod()) {
            body.put("sharding_method", r.getShardingMethod().name().toLowerCase(Locale.ROOT));
        }
        if (r.getMetadataCount() > 0) {
            ObjectNode metadata = body.putObject("metadata");
            r.getMetadataMap().forEach((k, v) -> metadata.set(k, Values.json(v)));
        }
        return body;
    }

    /** The REST body of {@code PATCH /collections/{c}} that {@code r} stands for. */
    static ObjectNode updateBody(Collections.UpdateCollection r) {
        ObjectNode body = F.objectNode();
        if (r.hasSparseVectorsConfig()) {
            body.set("sparse_vectors", SparseVectorMessages.json(r.getSparseVectorsConfig()));
        }
        if (r.hasQuantizationConfig()) {
            body.set("quantization_config", QuantizationMessages.json(r.getQuantizationConfig()));
        }
        if (r.hasStrictModeConfig()) {
            body.set("strict_mode_config", StrictModeMessages.json(r.getStrictModeConfig()));
        }
        if (r.hasParams()) {
            Collections.CollectionParamsDiff p = r.getParams();
            ObjectNode params = body.putObject("params");
            if (p.hasReplicationFactor()) {
                params.put("replication_factor", Integer.toUnsignedLong(p.getReplicationFactor()));
            }
            if (p.hasWriteConsistencyFactor()) {
                params.put("write_consistency_factor", Integer.toUnsignedLong(p.getWriteConsistencyFactor()));
            }
            UpdateMessages.flag(params, "on_disk_payload", p.hasOnDiskPayload(), p.getOnDiskPayload());
            if (p.hasReadFanOutFactor()) {
                params.put("read_fan_out_factor", Integer.toUnsignedLong(p.getReadFanOutFactor()));
            }
            if (p.hasReadFanOutDelayMs()) {
                params.put("read_fan_out_delay_ms", p.getReadFanOutDelayMs());
            }
        }
        if (r.hasHnswConfig()) {
            body.set("hnsw_config", hnsw(r.getHnswConfig()));
        }
        if (r.hasVectorsConfig()) {
            Collections.VectorsConfigDiff v = r.getVectorsConfig();
            ObjectNode vectors = body.putObject("vectors");
            if (v.hasParams()) {
                vectors.set(PointStruct.DEFAULT_VECTOR, vectorDiff(v.getParams()));
            } else {
                v.getParamsMap().getMapMap().forEach((name, d) -> vectors.set(name, vectorDiff(d)));
            }
        }
        if (r.hasOptimizersConfig()) {
            body.set("optimizers_config", optimizers(r.getOptimizersConfig()));
        }
        if (r.getMetadataCount() > 0) {
            body.set("metadata", Values.json(r.getMetadataMap()));
        }
        return body;
    }

    private static ObjectNode vectorDiff(Collections.VectorParamsDiff d) {
        ObjectNode o = F.objectNode();
        if (d.hasQuantizationConfig()) {
            o.set("quantization_config", QuantizationMessages.json(d.getQuantizationConfig()));
        }
        if (d.hasHnswConfig()) {
            o.set("hnsw_config", hnsw(d.getHnswConfig()));
        }
        UpdateMessages.flag(o, "on_disk", d.hasOnDisk(), d.getOnDisk());
        return o;
    }

    /** The optimizer settings, which Atoll keeps and reports (Lucene's merges do the optimizing). */
    private static ObjectNode optimizers(Collections.OptimizersConfigDiff d) {
        ObjectNode o = F.objectNode();
        if (d.hasDeletedThreshold()) {
            o.put("deleted_threshold", d.getDeletedThreshold());
        }
        FilterMessages.unsigned(o, "vacuum_min_vector_number", d.hasVacuumMinVectorNumber(),
                d.getVacuumMinVectorNumber());
        FilterMessages.unsigned(o, "default_segment_number", d.hasDefaultSegmentNumber(), d.getDefaultSegmentNumber());
        FilterMessages.unsigned(o, "max_segment_size", d.hasMaxSegmentSize(), d.getMaxSegmentSize());
        FilterMessages.unsigned(o, "memmap_threshold", d.hasMemmapThreshold(), d.getMemmapThreshold());
        FilterMessages.unsigned(o, "indexing_threshold", d.hasIndexingThreshold(), d.getIndexingThreshold());
        FilterMessages.unsigned(o, "flush_interval_sec", d.hasFlushIntervalSec(), d.getFlushIntervalSec());
        if (d.hasMaxOptimizationThreads()) {
            Collections.MaxOptimizationThreads t = d.getMaxOptimizationThreads();
            if (t.hasValue()) {
                o.set("max_optimization_threads", FilterMessages.unsigned(t.getValue()));
            } else {
                o.put("max_optimization_threads", "auto");
            }
        }
        UpdateMessages.flag(o, "prevent_unoptimized", d.hasPreventUnoptimized(), d.getPreventUnoptimized());
        return o;
    }

    /** The REST body of {@code POST /collections/aliases} that {@code r} stands for. */
    static ObjectNode aliasesBody(Collections.ChangeAliases r) {
        ObjectNode body = F.objectNode();
        com.fasterxml.jackson.databind.node.ArrayNode actions = body.putArray("actions");
        for (Collections.AliasOperations a : r.getActionsList()) {
            ObjectNode o = actions.addObject();
            switch (a.getActionCase()) {
                case CREATE_ALIAS -> o.putObject("create_alias")
                        .put("collection_name", a.getCreateAlias().getCollectionName())
                        .put("alias_name", a.getCreateAlias().getAliasName());
                case RENAME_ALIAS -> o.putObject("rename_alias")
                        .put("old_alias_name", a.getRenameAlias().getOldAliasName())
                        .put("new_alias_name", a.getRenameAlias().getNewAliasName());
                case DELETE_ALIAS -> o.putObject("delete_alias").put("alias_name", a.getDeleteAlias().getAliasName());
                case ACTION_NOT_SET -> {
                    // an empty action: the parser names the ones it takes
                }
            }
        }
        return body;
    }

    private static ObjectNode vectorParams(Collections.VectorParams p) {
        ObjectNode o = F.objectNode();
        if (p.hasMultivectorConfig()) {
            o.set("multivector_config", SparseVectorMessages.json(p.getMultivectorConfig()));
        }
        if (p.hasQuantizationConfig()) {
            o.set("quantization_config", QuantizationMessages.json(p.getQuantizationConfig()));
        }
        if (p.hasDatatype() && p.getDatatype() != Collections.Datatype.Default) {
            o.put("datatype", p.getDatatype().name().toLowerCase(Locale.ROOT));
        }
        o.put("size", p.getSize());
        o.put("distance", p.getDistance().name());
        if (p.hasHnswConfig()) {
            o.set("hnsw_config", hnsw(p.getHnswConfig()));
        }
        if (p.hasOnDisk()) {
            o.put("on_disk", p.getOnDisk());
        }
        return o;
    }

    private static ObjectNode hnsw(HnswConfigDiff h) {
        ObjectNode o = F.objectNode();
        if (h.hasM()) {
            o.put("m", h.getM());
        }
        if (h.hasEfConstruct()) {
            o.put("ef_construct", h.getEfConstruct());
        }
        if (h.hasFullScanThreshold()) {
            o.put("full_scan_threshold", h.getFullScanThreshold());
        }
        if (h.hasMaxIndexingThreads()) {
            o.put("max_indexing_threads", h.getMaxIndexingThreads());
        }
        if (h.hasOnDisk()) {
            o.put("on_disk", h.getOnDisk());
        }
        if (h.hasPayloadM()) {
            o.put("payload_m", h.getPayloadM());
        }
        if (h.hasInlineStorage()) {
            o.put("inline_storage", h.getInlineStorage());
        }
        if (h.hasPayloadM()) {
            o.put("payload_m", h.getPayloadM());
        }
        return o;
    }

    /** GET /collections/{c} as Qdrant's CollectionInfo message. */
    static CollectionInfo info(Collection c) {
        CollectionParams p = c.params();
        CollectionStats stats = c.stats();
        Collections.VectorsConfig.Builder vectors = Collections.VectorsConfig.newBuilder();
        if (p.namedVectors()) {
            Collections.VectorParamsMap.Builder map = Collections.VectorParamsMap.newBuilder();
            p.vectors().forEach((name, v) -> map.putMap(name, vectorParams(v)));
            vectors.setParamsMap(map);
        } else {
            vectors.setParams(vectorParams(p.vector(PointStruct.DEFAULT_VECTOR)));
        }
        Collections.CollectionParams.Builder params = Collections.CollectionParams.newBuilder()
                .setShardNumber(p.shardNumber()).setOnDiskPayload(p.onDiskPayload()).setVectorsConfig(vectors)
                .setReplicationFactor(p.replicationFactor()).setWriteConsistencyFactor(p.writeConsistencyFactor())
                .setShardingMethod(p.customSharding() ? Collections.ShardingMethod.Custom
                        : Collections.ShardingMethod.Auto);
        if (!p.sparseVectors().isEmpty()) {
            params.setSparseVectorsConfig(SparseVectorMessages.message(p.sparseVectors()));
        }
        if (p.reads().fanOutFactor() != null) {
            params.setReadFanOutFactor(p.reads().fanOutFactor());
        }
        if (p.reads().fanOutDelayMs() != null) {
            params.setReadFanOutDelayMs(p.reads().fanOutDelayMs());
        }
        Collections.CollectionConfig.Builder config = Collections.CollectionConfig.newBuilder().setParams(params)
                .setHnswConfig(hnsw(p.hnsw())).setOptimizerConfig(Collections.OptimizersConfigDiff.newBuilder())
                .setWalConfig(Collections.WalConfigDiff.newBuilder());
        if (p.quantization() != null) {
            config.setQuantizationConfig(QuantizationMessages.message(p.quantization()));
        }
        if (p.strictMode() != null) {
            config.setStrictModeConfig(StrictModeMessages.message(p.strictMode()));
        }
        CollectionInfo.Builder info = CollectionInfo.newBuilder()
                .setStatus(switch (stats.status()) {
                    case "red" -> Collections.CollectionStatus.Red;
                    case "yellow" -> Collections.CollectionStatus.Yellow;
                    default -> Collections.CollectionStatus.Green;
                })
                .setOptimizerStatus(stats.optimizerError() == null
                        ? Collections.OptimizerStatus.newBuilder().setOk(true)
                        : Collections.OptimizerStatus.newBuilder().setOk(false).setError(stats.optimizerError()))
                .setSegmentsCount(stats.segmentsCount())
                .setPointsCount(stats.pointsCount())
                .setIndexedVectorsCount(stats.indexedVectorsCount())
                .setConfig(config);
        p.payloadSchema().forEach((field, index) -> info.putPayloadSchema(field, Collections.PayloadSchemaInfo
                .newBuilder().setDataType(schemaType(index.type().apiName()))
                .setPoints(stats.payloadPoints().getOrDefault(field, 0L)).build()));
        return info.build();
    }

    private static Collections.VectorParams vectorParams(VectorParams v) {
        Collections.VectorParams.Builder b = Collections.VectorParams.newBuilder().setSize(v.size())
                .setDistance(Collections.Distance.valueOf(v.distance().apiName()));
        if (v.hnswOverride() != null) {
            b.setHnswConfig(hnsw(v.hnswOverride()));
        }
        if (v.onDisk()) {
            b.setOnDisk(true);
        }
        if (v.quantization() != null) {
            b.setQuantizationConfig(QuantizationMessages.message(v.quantization()));
        }
        if (v.datatype() != VectorDatatype.FLOAT32) {
            b.setDatatype(Collections.Datatype.valueOf(v.datatype().apiName().substring(0, 1).toUpperCase(Locale.ROOT)
                    + v.datatype().apiName().substring(1)));
        }
        if (v.multivector() != null) {
            b.setMultivectorConfig(SparseVectorMessages.message(v.multivector()));
        }
        return b.build();
    }

    private static HnswConfigDiff hnsw(HnswConfig h) {
        return HnswConfigDiff.newBuilder().setM(h.m()).setEfConstruct(h.efConstruct())
                .setFullScanThreshold(h.fullScanThreshold()).setOnDisk(h.onDisk()).build();
    }

    private static PayloadSchemaType schemaType(String apiName) {
        for (PayloadSchemaType t : PayloadSchemaType.values()) {
            if (t.name().equalsIgnoreCase(apiName)) {
                return t;
            }
        }
        return PayloadSchemaType.UnknownType;
    }
}
