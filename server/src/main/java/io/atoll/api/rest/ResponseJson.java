package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionStats;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorSelector;
import io.atoll.point.ScoredPoint;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorDatatype;
import io.atoll.schema.VectorParams;
import io.atoll.point.VectorValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Builds response bodies in Qdrant's shapes. Stateless. */
final class ResponseJson {
    /** Request bodies are mostly floats (vectors); the fast double parser roughly halves their parse time. */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResponseJson() {
    }

    static JsonNode id(PointId id) {
        Object v = id.toJson();
        return switch (v) {
            case Long l -> F.numberNode(l);
            case BigInteger b -> F.numberNode(b);
            default -> F.textNode(v.toString());
        };
    }

    /** A scored point (search, query): id, version, score, payload, vector. */
    static ObjectNode scored(ScoredPoint p, CollectionParams params, VectorSelector asked) {
        ObjectNode o = F.objectNode();
        o.set("id", id(p.id()));
        o.put("version", p.version());
        o.put("score", p.score());
        o.set("payload", p.payload());
        o.set("vector", vectors(p.vectors(), params, asked));
        shardKeyAndOrder(o, p);
        return o;
    }

    /**
     * Qdrant adds the shard key a point was read under only in collections sharded by key, and the value a point
     * was ordered by (an integer or a float) only to points read with order_by.
     */
    private static void shardKeyAndOrder(ObjectNode o, ScoredPoint p) {
        if (p.shardKey() != null) {
            o.set("shard_key", ShardKeyParser.json(p.shardKey()));
        }
        if (p.orderValue() != null) {
            o.set("order_value", p.orderValue() instanceof Long l ? F.numberNode(l)
                    : F.numberNode((Double) p.orderValue()));
        }
    }

    /** A record (retrieve, scroll): id, payload, vector. */
    static ObjectNode record(ScoredPoint p, CollectionParams params, VectorSelector asked) {
        ObjectNode o = F.objectNode();
        o.set("id", id(p.id()));
        o.set("payload", p.payload());
        o.set("vector", vectors(p.vectors(), params, asked));
        shardKeyAndOrder(o, p);
        return o;
    }

    static ArrayNode scoredList(List<ScoredPoint> points, CollectionParams params, VectorSelector asked) {
        ArrayNode a = F.arrayNode();
        points.forEach(p -> a.add(scored(p, params, asked)));
        return a;
    }

    static ArrayNode recordList(List<ScoredPoint> points, CollectionParams params, VectorSelector asked) {
        ArrayNode a = F.arrayNode();
        points.forEach(p -> a.add(record(p, params, asked)));
        return a;
    }

    /**
     * Null when no vector was asked for; bare when the collection's unnamed vector is all there is to show; else by
     * name (so an unnamed collection's sparse vectors show beside its unnamed one), which is {} for a point that has
     * none of the vectors asked for (as Qdrant answers).
     */
    private static JsonNode vectors(Map<String, VectorValue> vectors, CollectionParams params, VectorSelector asked) {
        if (asked instanceof VectorSelector.None) {
            return null;
        }
        if (!params.namedVectors() && vectors.size() == 1 && vectors.containsKey(PointStruct.DEFAULT_VECTOR)) {
            return vector(vectors.get(PointStruct.DEFAULT_VECTOR));
        }
        ObjectNode o = F.objectNode();
        vectors.forEach((name, v) -> o.set(name, vector(v)));
        return o;
    }

    /** Qdrant's shapes: an array, an array of arrays, or {@code {indices, values}} with unsigned indices. */
    static JsonNode vector(VectorValue value) {
        return switch (value) {
            case VectorValue.Dense d -> floats(d.values());
            case VectorValue.Multi m -> {
                ArrayNode a = F.arrayNode(m.vectors().length);
                for (float[] v : m.vectors()) {
                    a.add(floats(v));
                }
                yield a;
            }
            case VectorValue.Sparse s -> {
                ObjectNode o = F.objectNode();
                ArrayNode indices = o.putArray("indices");
                for (int i : s.indices()) {
                    indices.add(Integer.toUnsignedLong(i));
                }
                o.set("values", floats(s.values()));
                yield o;
            }
        };
    }

    private static ArrayNode floats(float[] v) {
        ArrayNode a = F.arrayNode(v.length);
        for (float x : v) {
            a.add(x);
        }
        return a;
    }

    static ObjectNode hnsw(HnswConfig h) {
        ObjectNode o = F.objectNode();
        o.put("m", h.m());
        o.put("ef_construct", h.efConstruct());
        o.put("full_scan_threshold", h.fullScanThreshold());
        o.put("max_indexing_threads", 0);
        o.put("on_disk", h.onDisk());
        if (h.settings() instanceof ObjectNode given) {
            o.setAll(given.deepCopy());
        }
        return o;
    }

    private static ObjectNode vectorParams(VectorParams v) {
        ObjectNode o = F.objectNode();
        o.put("size", v.size());
        o.put("distance", v.distance().apiName());
        if (v.hnswOverride() != null) {
            o.set("hnsw_config", hnsw(v.hnswOverride()));
        }
        if (v.onDisk()) {
            o.put("on_disk", true);
        }
        if (v.quantization() != null) {
            o.set("quantization_config", v.quantization());
        }
        if (v.datatype() != VectorDatatype.FLOAT32) {
            o.put("datatype", v.datatype().apiName());
        }
        if (v.memory() != null) {
            o.put("memory", v.memory());
        }
        if (v.multivector() != null) {
            o.putObject("multivector_config").put("comparator", v.multivector().comparator().json());
        }
        return o;
    }

    static ObjectNode collectionInfo(Collection c) {
        CollectionParams p = c.params();
        CollectionStats stats = c.stats();
        ObjectNode o = F.objectNode();
        o.put("status", stats.status());
        if (stats.optimizerError() != null) {
            o.putObject("optimizer_status").put("error", stats.optimizerError());
        } else {
            o.put("optimizer_status", "ok");
        }
        o.put("indexed_vectors_count", stats.indexedVectorsCount());
        o.put("points_count", stats.pointsCount());
        o.put("segments_count", stats.segmentsCount());
        ObjectNode config = o.putObject("config");
        ObjectNode params = config.putObject("params");
        if (p.namedVectors()) {
            ObjectNode vs = params.putObject("vectors");
            p.vectors().forEach((name, v) -> vs.set(name, vectorParams(v)));
        } else {
            params.set("vectors", vectorParams(p.vector(PointStruct.DEFAULT_VECTOR)));
        }
        if (!p.sparseVectors().isEmpty()) {
            // as Qdrant: only when the collection has sparse vectors, each with what was set
            ObjectNode sparse = params.putObject("sparse_vectors");
            p.sparseVectors().forEach((name, sp) -> {
                ObjectNode so = sparse.putObject(name);
                if (sp.index() != null) {
                    so.set("index", sp.index());
                }
                if (sp.modifier() != null) {
                    so.put("modifier", sp.modifier().json());
                }
            });
        }
        params.put("shard_number", p.shardNumber());
        params.put("sharding_method", p.sharding().apiName());
        params.put("replication_factor", p.replicationFactor());
        params.put("write_consistency_factor", p.writeConsistencyFactor());
        if (p.reads().fanOutFactor() != null) {
            params.put("read_fan_out_factor", p.reads().fanOutFactor());
        }
        if (p.reads().fanOutDelayMs() != null) {
            params.put("read_fan_out_delay_ms", p.reads().fanOutDelayMs());
        }
        params.put("on_disk_payload", p.onDiskPayload());
        if (p.reads().payloadMemory() != null) {
            params.putObject("payload").put("memory", p.reads().payloadMemory());
        }
        config.set("hnsw_config", hnsw(p.hnsw()));
        // Qdrant reports the whole optimizer config: the defaults with what the user set on top.
        ObjectNode optimizers = defaultOptimizers();
        if (p.optimizersConfig() instanceof ObjectNode given) {
            optimizers.setAll(given);
        }
        config.set("optimizer_config", optimizers);
        ObjectNode wal = config.putObject("wal_config");
        wal.put("wal_capacity_mb", 32);
        wal.put("wal_segments_ahead", 0);
        wal.put("wal_retain_closed", 1);
        if (p.walConfig() instanceof ObjectNode given) {
            wal.setAll(given.deepCopy());
        }
        config.set("quantization_config", p.quantization());
        if (p.strictMode() != null) {
            config.set("strict_mode_config", JSON.valueToTree(p.strictMode()));
        }
        if (p.metadata() != null) {
            config.set("metadata", p.metadata());
        }
        ObjectNode schema = o.putObject("payload_schema");
        p.payloadSchema().forEach((field, idx) -> {
            ObjectNode s = schema.putObject(field);
            s.put("data_type", idx.type().apiName());
            if (idx.params() != null) {
                s.set("params", idx.params());
            }
            s.put("points", stats.payloadPoints().getOrDefault(field, 0L));
        });
        return o;
    }

    private static ObjectNode defaultOptimizers() {
        ObjectNode o = F.objectNode();
        o.put("deleted_threshold", 0.2);
        o.put("vacuum_min_vector_number", 1000);
        o.put("default_segment_number", 0);
        o.putNull("max_segment_size");
        o.putNull("memmap_threshold");
        o.put("indexing_threshold", 10000);
        o.put("flush_interval_sec", 5);
        o.putNull("max_optimization_threads");
        return o;
    }
}
