package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.AliasAction;
import io.atoll.error.AtollException;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.ShardingMethod;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.MultiVectorConfig;
import io.atoll.schema.PayloadFieldType;
import io.atoll.schema.TextIndexOptions;
import io.atoll.schema.ReadSettings;
import io.atoll.schema.VectorDatatype;
import io.atoll.schema.VectorParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Parses collection, payload index and alias requests (REST bodies, and gRPC requests translated to them). Stateless. */
public final class CollectionParser {
    static final int MAX_SHARDS = 1024;
    private static final Set<String> CREATE_FIELDS = Set.of("vectors", "shard_number", "sharding_method",
            "replication_factor", "write_consistency_factor", "read_fan_out_factor", "read_fan_out_delay_ms",
            "on_disk_payload", "payload", "hnsw_config", "wal_config",
            "optimizers_config", "quantization_config", "sparse_vectors", "strict_mode_config", "metadata", "init_from");
    private static final Set<String> VECTOR_FIELDS = Set.of("size", "distance", "hnsw_config", "on_disk",
            "memory", "quantization_config", "datatype", "multivector_config");
    private static final Set<String> HNSW_FIELDS = Set.of("m", "ef_construct", "full_scan_threshold",
            "max_indexing_threads", "on_disk", "payload_m", "inline_storage", "memory");

    private CollectionParser() {
    }

    public static CollectionParams create(ObjectNode body, int defaultShardNumber) {
        JsonInput.alias(body, "quantization", "quantization_config");
        JsonInput.alias(body, "optimizer_config", "optimizers_config");
        JsonInput.allowOnly(body, "collection config", CREATE_FIELDS);
        if (JsonInput.present(body, "init_from")) {
            throw AtollException.badRequest("Bad request: `init_from` is not supported by Atoll");
        }
        String sharding = JsonInput.optText(body, "sharding_method");
        ShardingMethod method = sharding == null ? ShardingMethod.AUTO : Arrays.stream(ShardingMethod.values())
                .filter(m -> m.apiName().equals(sharding)).findFirst().orElseThrow(() -> formatError(
                        "`sharding_method` must be \"auto\" or \"custom\", got \"" + sharding + "\""));
        HnswConfig hnsw = hnsw(body.get("hnsw_config"), HnswConfig.DEFAULT, "hnsw_config");
        TreeMap<String, VectorParams> vectors = new TreeMap<>();
        boolean named = true;
        JsonNode v = body.get("vectors");
        if (v != null && !v.isNull()) {
            ObjectNode vo = JsonInput.object(v, "vectors");
            if (vo.has("size") || vo.has("distance")) {
                named = false;
                vectors.put(PointStruct.DEFAULT_VECTOR, vectorParams(vo, "vectors"));
            } else {
                for (Map.Entry<String, JsonNode> e : vo.properties()) {
                    if (e.getKey().isEmpty()) {
                        throw formatError("vector names must not be empty");
                    }
                    vectors.put(e.getKey(), vectorParams(JsonInput.object(e.getValue(), "vectors." + e.getKey()), "vectors." + e.getKey()));
                }
            }
        }
        int shards = JsonInput.optInt(body, "shard_number", defaultShardNumber, 1, MAX_SHARDS);
        int rf = JsonInput.optInt(body, "replication_factor", 1, 1, 64);
        int wcf = JsonInput.optInt(body, "write_consistency_factor", 1, 1, 64);
        return new CollectionParams(vectors, named, shards, rf, wcf, JsonInput.optBool(body, "on_disk_payload", true),
                hnsw, new TreeMap<>(), OptimizersParser.checked(body.get("optimizers_config")),
                QuantizationConfigParser.parse(body, null), method, metadata(body.get("metadata"), null),
                readSettings(body, ReadSettings.DEFAULT), StrictModeParser.parse(body.get("strict_mode_config"), null),
                wal(body.get("wal_config"))).withSparseVectors(SparseVectorsParser.create(body.get("sparse_vectors"),
                vectors));
    }

    /** wal_config as given, its fields checked (Qdrant's WalConfigDiff); null when none. */
    private static JsonNode wal(JsonNode given) {
        if (given == null || given.isNull()) {
            return null;
        }
        ObjectNode o = JsonInput.object(given, "wal_config");
        JsonInput.allowOnly(o, "wal_config", Set.of("wal_capacity_mb", "wal_segments_ahead", "wal_retain_closed"));
        ObjectNode kept = ResponseJson.JSON.createObjectNode();
        for (String f : List.of("wal_capacity_mb", "wal_segments_ahead", "wal_retain_closed")) {
            if (JsonInput.present(o, f)) {
                kept.put(f, JsonInput.longValue(o.get(f), "wal_config." + f, f.equals("wal_capacity_mb") ? 1 : 0,
                        1 << 20));
            }
        }
        return kept;
    }

    /**
     * Qdrant's read fan-out and payload placement, from a create body or an update's params; fields not given keep
     * their current values.
     */
    private static ReadSettings readSettings(ObjectNode o, ReadSettings current) {
        Integer factor = current.fanOutFactor();
        if (JsonInput.present(o, "read_fan_out_factor")) {
            factor = JsonInput.intValue(o.get("read_fan_out_factor"), "read_fan_out_factor", 0, 64);
        }
        Long delay = current.fanOutDelayMs();
        if (JsonInput.present(o, "read_fan_out_delay_ms")) {
            delay = JsonInput.longValue(o.get("read_fan_out_delay_ms"), "read_fan_out_delay_ms", 0, 3_600_000);
        }
        String memory = current.payloadMemory();
        if (JsonInput.present(o, "payload")) {
            ObjectNode p = JsonInput.object(o.get("payload"), "payload");
            JsonInput.allowOnly(p, "payload", Set.of("memory"));
            String m = JsonInput.optText(p, "memory");
            if (m != null) {
                if (m.equals("pinned")) {
                    throw AtollException.badRequest("Bad request: `pinned` is not supported for payload storage");
                }
                if (!m.equals("cold") && !m.equals("cached")) {
                    throw formatError("`payload.memory`: unknown variant `" + m + "`, expected one of `cold`, "
                            + "`cached`, `pinned`");
                }
                memory = m;
            }
        }
        return new ReadSettings(factor, delay, memory);
    }

    /**
     * Collection metadata as Qdrant keeps it: an object given at creation; an update merges its keys into the
     * current ones, and a key set to null is removed.
     */
    private static JsonNode metadata(JsonNode given, JsonNode current) {
        if (given == null || given.isNull()) {
            return current;
        }
        ObjectNode update = JsonInput.object(given, "metadata");
        ObjectNode merged = current instanceof ObjectNode o ? o.deepCopy() : ResponseJson.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : update.properties()) {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        }
        return merged;
    }

    static VectorParams vectorParams(ObjectNode o, String where) {
        JsonInput.allowOnly(o, where, VECTOR_FIELDS);
        int size = JsonInput.intValue(JsonInput.required(o, "size"), where + ".size", 1, VectorParams.MAX_DIMENSION);
        String d = JsonInput.text(JsonInput.required(o, "distance"), where + ".distance");
        Distance distance = Distance.fromApiName(d);
        if (distance == null) {
            throw formatError("`" + where + ".distance`: unknown variant `" + d + "`, expected one of "
                    + Arrays.stream(Distance.values()).map(x -> "`" + x.apiName() + "`").toList());
        }
        String datatypeName = JsonInput.optText(o, "datatype");
        VectorDatatype datatype = datatypeName == null ? VectorDatatype.FLOAT32 : VectorDatatype.fromApiName(datatypeName);
        if (datatype == null) {
            throw datatypeName.equals("turbo4")
                    ? AtollException.badRequest("Bad request: vector datatype `turbo4` is not supported by Atoll yet")
                    : formatError("`" + where + ".datatype`: unknown variant `" + datatypeName + "`, expected one of "
                            + "`float32`, `float16`, `uint8`, `turbo4`");
        }
        HnswConfig override = JsonInput.present(o, "hnsw_config") ? hnsw(o.get("hnsw_config"), HnswConfig.DEFAULT, where + ".hnsw_config") : null;
        return new VectorParams(size, distance, override, JsonInput.optBool(o, "on_disk", false),
                QuantizationConfigParser.parse(o, null), 0, datatype,
                JsonInput.present(o, "memory") ? memory(o.get("memory"), where + ".memory") : null,
                multivector(o.get("multivector_config"), where + ".multivector_config"));
    }

    /** Qdrant's multivector_config: its comparator is required and max_sim is the only one. */
    private static MultiVectorConfig multivector(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, Set.of("comparator"));
        String c = JsonInput.text(JsonInput.required(o, "comparator"), where + ".comparator");
        if (!c.equals("max_sim")) {
            throw formatError("`" + where + ".comparator`: unknown variant `" + c + "`, expected `max_sim`");
        }
        return MultiVectorConfig.MAX_SIM;
    }

    static HnswConfig hnsw(JsonNode n, HnswConfig base, String where) {
        if (n == null || n.isNull()) {
            return base;
        }
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, HNSW_FIELDS);
        // settings kept as given (merged over earlier ones): checked for their type so what is shown is what applies
        ObjectNode settings = base.settings() == null ? ResponseJson.JSON.createObjectNode() : base.settings().deepCopy();
        for (String f : List.of("max_indexing_threads", "payload_m")) {
            if (JsonInput.present(o, f)) {
                settings.put(f, JsonInput.longValue(o.get(f), where + "." + f, 0, 1 << 20));
            }
        }
        if (JsonInput.present(o, "inline_storage")) {
            settings.put("inline_storage", JsonInput.boolValue(o.get("inline_storage"), where + ".inline_storage"));
        }
        if (JsonInput.present(o, "memory")) {
            settings.put("memory", memory(o.get("memory"), where + ".memory"));
        }
        return new HnswConfig(
                JsonInput.optInt(o, "m", base.m(), 0, HnswConfig.MAX_M),
                JsonInput.optInt(o, "ef_construct", base.efConstruct(), 4, HnswConfig.MAX_EF_CONSTRUCT),
                JsonInput.optInt(o, "full_scan_threshold", base.fullScanThreshold(), 0, Integer.MAX_VALUE),
                JsonInput.optBool(o, "on_disk", base.onDisk()), settings);
    }

    /** Qdrant's memory placement: cold, cached or pinned. */
    static String memory(JsonNode n, String where) {
        String m = JsonInput.text(n, where);
        if (!Set.of("cold", "cached", "pinned").contains(m)) {
            throw formatError("`" + where + "`: unknown variant `" + m + "`, expected one of `cold`, `cached`, `pinned`");
        }
        return m;
    }

    /** PATCH /collections/{name}. */
    public static CollectionParams update(ObjectNode body, CollectionParams current) {
        JsonInput.alias(body, "quantization", "quantization_config");
        JsonInput.allowOnly(body, "collection update", Set.of("params", "hnsw_config", "vectors", "optimizers_config",
                "quantization_config", "sparse_vectors", "strict_mode_config", "metadata"));
        int rf = current.replicationFactor();
        int wcf = current.writeConsistencyFactor();
        boolean onDiskPayload = current.onDiskPayload();
        ReadSettings reads = current.reads();
        if (JsonInput.present(body, "params")) {
            ObjectNode p = JsonInput.object(body.get("params"), "params");
            JsonInput.allowOnly(p, "params", Set.of("replication_factor", "write_consistency_factor", "on_disk_payload",
                    "read_fan_out_factor", "read_fan_out_delay_ms", "payload"));
            rf = JsonInput.optInt(p, "replication_factor", rf, 1, 64);
            wcf = JsonInput.optInt(p, "write_consistency_factor", wcf, 1, 64);
            onDiskPayload = JsonInput.optBool(p, "on_disk_payload", onDiskPayload);
            reads = readSettings(p, reads);
        }
        HnswConfig hnsw = hnsw(body.get("hnsw_config"), current.hnsw(), "hnsw_config");
        TreeMap<String, VectorParams> vectors = new TreeMap<>(current.vectors());
        if (JsonInput.present(body, "vectors")) {
            ObjectNode vo = JsonInput.object(body.get("vectors"), "vectors");
            for (Map.Entry<String, JsonNode> e : vo.properties()) {
                VectorParams old = vectors.get(e.getKey());
                if (old == null) {
                    throw AtollException.badRequest("Wrong input: Not existing vector name error: " + e.getKey());
                }
                ObjectNode u = JsonInput.object(e.getValue(), "vectors." + e.getKey());
                JsonInput.allowOnly(u, "vectors." + e.getKey(), Set.of("hnsw_config", "on_disk", "memory",
                        "quantization_config"));
                HnswConfig h = JsonInput.present(u, "hnsw_config")
                        ? hnsw(u.get("hnsw_config"), old.hnsw(hnsw), "vectors." + e.getKey() + ".hnsw_config") : old.hnswOverride();
                vectors.put(e.getKey(), old.withSettings(h, JsonInput.optBool(u, "on_disk", old.onDisk()),
                        QuantizationConfigParser.parse(u, old.quantization()), JsonInput.present(u, "memory")
                                ? memory(u.get("memory"), "vectors." + e.getKey() + ".memory") : old.memory()));
            }
        }
        JsonNode optimizers = current.optimizersConfig();
        if (JsonInput.present(body, "optimizers_config")) {
            // A diff, as in Qdrant: the fields given replace those set before, the others stay.
            ObjectNode merged = optimizers instanceof ObjectNode o ? o.deepCopy() : ResponseJson.JSON.createObjectNode();
            merged.setAll(OptimizersParser.checked(body.get("optimizers_config")));
            optimizers = merged;
        }
        return current.withUpdate(rf, wcf, onDiskPayload, hnsw, vectors, optimizers,
                QuantizationConfigParser.parse(body, current.quantization()),
                metadata(body.get("metadata"), current.metadata())).withReadsAndStrictMode(reads,
                StrictModeParser.parse(body.get("strict_mode_config"), current.strictMode()))
                .withSparseVectors(SparseVectorsParser.update(body.get("sparse_vectors"), current.sparseVectors()));
    }

    public record PayloadIndex(String field, CollectionParams.PayloadIndexParams params) {
    }

    /** PUT /collections/{name}/index: {@code field_schema} is a type name or {"type": ..., ...params}. */
    public static PayloadIndex payloadIndex(ObjectNode body) {
        JsonInput.allowOnly(body, "payload index", Set.of("field_name", "field_schema", "field_type"));
        String field = JsonInput.path(JsonInput.required(body, "field_name"), "field_name");
        if (field.isEmpty()) {
            throw formatError("`field_name` must not be empty");
        }
        JsonNode schema = body.has("field_schema") ? body.get("field_schema") : body.get("field_type");
        if (schema == null || schema.isNull()) {
            throw formatError("missing field `field_schema`");
        }
        String typeName;
        JsonNode params = null;
        if (schema.isTextual()) {
            typeName = schema.asText();
        } else if (schema.isObject()) {
            typeName = JsonInput.text(JsonInput.required((ObjectNode) schema, "type"), "field_schema.type");
            params = schema;
        } else {
            throw formatError("`field_schema` must be a type name or an object with `type`, got " + JsonInput.describe(schema));
        }
        PayloadFieldType type = PayloadFieldType.fromApiName(typeName);
        if (type == null) {
            throw formatError("`field_schema`: unknown variant `" + typeName + "`, expected one of "
                    + Arrays.stream(PayloadFieldType.values()).map(t -> "`" + t.apiName() + "`").toList());
        }
        if (params != null) {
            checkIndexParams(type, (ObjectNode) params);
        }
        return new PayloadIndex(field, new CollectionParams.PayloadIndexParams(type, params));
    }

    /**
     * The parameters are kept as given and reported back, so they are checked against what Qdrant accepts for the
     * type: a misspelt or mistyped parameter is an error here, not a setting silently reported as if it applied.
     */
    private static void checkIndexParams(PayloadFieldType type, ObjectNode params) {
        Set<String> bools = new java.util.HashSet<>(Set.of("on_disk", "enable_hnsw"));
        Set<String> other = new java.util.HashSet<>(Set.of("type", "memory"));
        switch (type) {
            case KEYWORD -> bools.addAll(Set.of("is_tenant", "prefix"));
            case UUID -> bools.add("is_tenant");
            case INTEGER -> bools.addAll(Set.of("lookup", "range", "is_principal"));
            case FLOAT, DATETIME -> bools.add("is_principal");
            case TEXT -> {
                bools.addAll(Set.of("lowercase", "ascii_folding", "phrase_matching"));
                other.addAll(Set.of("tokenizer", "min_token_len", "max_token_len", "stopwords", "stemmer"));
            }
            case BOOL, GEO -> {
            }
        }
        Set<String> allowed = new java.util.HashSet<>(bools);
        allowed.addAll(other);
        JsonInput.allowOnly(params, "field_schema", allowed);
        for (String b : bools) {
            if (JsonInput.present(params, b)) {
                JsonInput.boolValue(params.get(b), "field_schema." + b);
            }
        }
        if (JsonInput.present(params, "memory")) {
            memory(params.get("memory"), "field_schema.memory");
        }
        for (String len : List.of("min_token_len", "max_token_len")) {
            if (JsonInput.present(params, len)) {
                JsonInput.intValue(params.get(len), "field_schema." + len, 0, 1 << 16);
            }
        }
        if (type == PayloadFieldType.TEXT) {
            // every analysis option is checked here, so a text index that exists can always analyse its values
            try {
                TextIndexOptions.parse(params);
            } catch (TextIndexOptions.Invalid e) {
                throw e.outOfBounds() ? JsonInput.validationError("field_schema: " + e.getMessage())
                        : formatError("`field_schema`: " + e.getMessage());
            }
        }
    }

    public static List<AliasAction> aliasActions(ObjectNode body) {
        JsonInput.allowOnly(body, "alias request", Set.of("actions"));
        List<AliasAction> out = new ArrayList<>();
        for (JsonNode n : JsonInput.array(JsonInput.required(body, "actions"), "actions")) {
            ObjectNode a = JsonInput.object(n, "actions[]");
            if (a.size() != 1) {
                List<String> keys = new ArrayList<>();
                a.fieldNames().forEachRemaining(k -> keys.add("`" + k + "`"));
                throw formatError("each alias action must have exactly one of `create_alias`, `delete_alias`, `rename_alias`, got " + keys);
            }
            String kind = a.fieldNames().next();
            ObjectNode o = JsonInput.object(a.get(kind), kind);
            JsonInput.allowOnly(o, kind, switch (kind) {
                case "create_alias" -> Set.of("collection_name", "alias_name");
                case "delete_alias" -> Set.of("alias_name");
                case "rename_alias" -> Set.of("old_alias_name", "new_alias_name");
                default -> throw formatError("unknown alias action `" + kind + "`");
            });
            out.add(switch (kind) {
                case "create_alias" -> new AliasAction.Create(
                        JsonInput.text(JsonInput.required(o, "collection_name"), "create_alias.collection_name"),
                        JsonInput.text(JsonInput.required(o, "alias_name"), "create_alias.alias_name"));
                case "delete_alias" -> new AliasAction.Delete(
                        JsonInput.text(JsonInput.required(o, "alias_name"), "delete_alias.alias_name"));
                case "rename_alias" -> new AliasAction.Rename(
                        JsonInput.text(JsonInput.required(o, "old_alias_name"), "rename_alias.old_alias_name"),
                        JsonInput.text(JsonInput.required(o, "new_alias_name"), "rename_alias.new_alias_name"));
                default -> throw formatError("unknown alias action `" + kind + "`");
            });
        }
        return out;
    }
}
