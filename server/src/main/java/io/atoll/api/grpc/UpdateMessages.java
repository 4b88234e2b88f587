package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.selector;
import static io.atoll.api.grpc.FilterMessages.shardKeys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Qdrant's point-update messages as the REST bodies they stand for, so that the REST parsers check and read them
 * (one set of rules and messages for both APIs). Write ordering is accepted as given: Atoll's writes are always
 * ordered. Stateless.
 */
final class UpdateMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private UpdateMessages() {
    }

    static ObjectNode upsert(Points.UpsertPoints r) {
        ObjectNode body = upsert(r.getPointsList(), r.hasShardKeySelector(), r.getShardKeySelector(),
                r.hasUpdateFilter(), r.getUpdateFilter());
        mode(body, r.hasUpdateMode(), r.getUpdateMode());
        return body;
    }

    /** Qdrant's enum names are its REST names in another case (InsertOnly: insert_only). */
    private static void mode(ObjectNode body, boolean given, Points.UpdateMode mode) {
        if (given) {
            body.put("update_mode", switch (mode) {
                case Upsert -> "upsert";
                case InsertOnly -> "insert_only";
                case UpdateOnly -> "update_only";
                case UNRECOGNIZED -> "unrecognized";
            });
        }
    }

    private static ObjectNode upsert(List<Points.PointStruct> list, boolean keyed, Points.ShardKeySelector keys,
                                     boolean filtered, io.qdrant.client.grpc.Common.Filter updateFilter) {
        ObjectNode body = F.objectNode();
        ArrayNode points = body.putArray("points");
        for (Points.PointStruct p : list) {
            ObjectNode o = points.addObject();
            if (p.hasId()) {
                o.set("id", PointMessages.id(p.getId()));
            }
            if (p.hasVectors()) {
                o.set("vector", PointMessages.vectors(p.getVectors()));
            }
            o.set("payload", Values.json(p.getPayloadMap()));
        }
        shardKeys(body, keyed, keys);
        if (filtered) {
            body.set("update_filter", FilterMessages.filter(updateFilter));
        }
        return body;
    }

    static ObjectNode delete(Points.DeletePoints r) {
        ObjectNode body = F.objectNode();
        selector(body, r.hasPoints(), r.getPoints());
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    /** Set or overwrite: the same message serves both calls. */
    static ObjectNode setPayload(Points.SetPayloadPoints r) {
        return setPayload(r.getPayloadMap(), r.hasPointsSelector(), r.getPointsSelector(), r.hasKey(), r.getKey(),
                r.hasShardKeySelector(), r.getShardKeySelector());
    }

    private static ObjectNode setPayload(Map<String, Value> payload, boolean selected, Points.PointsSelector s,
                                         boolean hasKey, String key, boolean keyed, Points.ShardKeySelector keys) {
        ObjectNode body = F.objectNode();
        body.set("payload", Values.json(payload));
        selector(body, selected, s);
        if (hasKey) {
            body.put("key", key);
        }
        shardKeys(body, keyed, keys);
        return body;
    }

    static ObjectNode deletePayload(Points.DeletePayloadPoints r) {
        return deletePayload(r.getKeysList(), r.hasPointsSelector(), r.getPointsSelector(), r.hasShardKeySelector(),
                r.getShardKeySelector());
    }

    private static ObjectNode deletePayload(List<String> keys, boolean selected, Points.PointsSelector s,
                                            boolean keyed, Points.ShardKeySelector shards) {
        ObjectNode body = F.objectNode();
        keys.forEach(body.putArray("keys")::add);
        selector(body, selected, s);
        shardKeys(body, keyed, shards);
        return body;
    }

    static ObjectNode clearPayload(Points.ClearPayloadPoints r) {
        return selected(r.hasPoints(), r.getPoints(), r.hasShardKeySelector(), r.getShardKeySelector());
    }

    private static ObjectNode selected(boolean selected, Points.PointsSelector s, boolean keyed,
                                       Points.ShardKeySelector keys) {
        ObjectNode body = F.objectNode();
        selector(body, selected, s);
        shardKeys(body, keyed, keys);
        return body;
    }

    static ObjectNode updateVectors(Points.UpdatePointVectors r) {
        return updateVectors(r.getPointsList(), r.hasShardKeySelector(), r.getShardKeySelector(),
                r.hasUpdateFilter(), r.getUpdateFilter());
    }

    private static ObjectNode updateVectors(List<Points.PointVectors> list, boolean keyed,
                                            Points.ShardKeySelector keys, boolean filtered,
                                            io.qdrant.client.grpc.Common.Filter updateFilter) {
        ObjectNode body = F.objectNode();
        ArrayNode points = body.putArray("points");
        for (Points.PointVectors p : list) {
            ObjectNode o = points.addObject();
            if (p.hasId()) {
                o.set("id", PointMessages.id(p.getId()));
            }
            if (p.hasVectors()) {
                o.set("vector", PointMessages.vectors(p.getVectors()));
            }
        }
        shardKeys(body, keyed, keys);
        if (filtered) {
            body.set("update_filter", FilterMessages.filter(updateFilter));
        }
        return body;
    }

    static ObjectNode deleteVectors(Points.DeletePointVectors r) {
        return deleteVectors(r.hasPointsSelector(), r.getPointsSelector(), r.getVectors(), r.hasShardKeySelector(),
                r.getShardKeySelector());
    }

    private static ObjectNode deleteVectors(boolean selected, Points.PointsSelector s, Points.VectorsSelector names,
                                            boolean keyed, Points.ShardKeySelector keys) {
        ObjectNode body = selected(selected, s, keyed, keys);
        names.getNamesList().forEach(body.putArray("vector")::add);
        return body;
    }

    /** One operation of an update batch as REST's {@code {kind: body}}. */
    static ObjectNode batchOperation(PointsUpdateOperation op) {
        ObjectNode o = F.objectNode();
        switch (op.getOperationCase()) {
            case UPSERT -> {
                var u = op.getUpsert();
                ObjectNode body = upsert(u.getPointsList(), u.hasShardKeySelector(), u.getShardKeySelector(),
                        u.hasUpdateFilter(), u.getUpdateFilter());
                mode(body, u.hasUpdateMode(), u.getUpdateMode());
                o.set("upsert", body);
            }
            case DELETE_POINTS -> o.set("delete", selected(true, op.getDeletePoints().getPoints(),
                    op.getDeletePoints().hasShardKeySelector(), op.getDeletePoints().getShardKeySelector()));
            case DELETE_DEPRECATED -> o.set("delete", selected(true, op.getDeleteDeprecated(), false,
                    Points.ShardKeySelector.getDefaultInstance()));
            case SET_PAYLOAD -> {
                var s = op.getSetPayload();
                o.set("set_payload", setPayload(s.getPayloadMap(), s.hasPointsSelector(), s.getPointsSelector(),
                        s.hasKey(), s.getKey(), s.hasShardKeySelector(), s.getShardKeySelector()));
            }
            case OVERWRITE_PAYLOAD -> {
                var s = op.getOverwritePayload();
                o.set("overwrite_payload", setPayload(s.getPayloadMap(), s.hasPointsSelector(),
                        s.getPointsSelector(), s.hasKey(), s.getKey(), s.hasShardKeySelector(),
                        s.getShardKeySelector()));
            }
            case DELETE_PAYLOAD -> {
                var d = op.getDeletePayload();
                o.set("delete_payload", deletePayload(d.getKeysList(), d.hasPointsSelector(), d.getPointsSelector(),
                        d.hasShardKeySelector(), d.getShardKeySelector()));
            }
            case CLEAR_PAYLOAD -> o.set("clear_payload", selected(true, op.getClearPayload().getPoints(),
                    op.getClearPayload().hasShardKeySelector(), op.getClearPayload().getShardKeySelector()));
            case CLEAR_PAYLOAD_DEPRECATED -> o.set("clear_payload", selected(true, op.getClearPayloadDeprecated(),
                    false, Points.ShardKeySelector.getDefaultInstance()));
            case UPDATE_VECTORS -> {
                var u = op.getUpdateVectors();
                o.set("update_vectors", updateVectors(u.getPointsList(), u.hasShardKeySelector(),
                        u.getShardKeySelector(), u.hasUpdateFilter(), u.getUpdateFilter()));
            }
            case DELETE_VECTORS -> {
                var d = op.getDeleteVectors();
                o.set("delete_vectors", deleteVectors(d.hasPointsSelector(), d.getPointsSelector(),
                        d.getVectors(), d.hasShardKeySelector(), d.getShardKeySelector()));
            }
            case OPERATION_NOT_SET -> {
                // an empty object: the parser says an operation needs exactly one kind
            }
        }
        return o;
    }

    /** PUT /collections/{c}/index's body: the field and its type, with the type's parameters when given. */
    static ObjectNode fieldIndex(Points.CreateFieldIndexCollection r) {
        ObjectNode body = F.objectNode();
        body.put("field_name", r.getFieldName());
        if (!r.hasFieldType()) {
            return body;
        }
        String type = r.getFieldType().name().substring("FieldType".length()).toLowerCase(Locale.ROOT);
        if (!r.hasFieldIndexParams()) {
            body.put("field_schema", type);
            return body;
        }
        ObjectNode schema = body.putObject("field_schema");
        schema.put("type", type);
        Collections.PayloadIndexParams p = r.getFieldIndexParams();
        switch (p.getIndexParamsCase()) {
            case KEYWORD_INDEX_PARAMS -> {
                var k = p.getKeywordIndexParams();
                flag(schema, "is_tenant", k.hasIsTenant(), k.getIsTenant());
                flag(schema, "on_disk", k.hasOnDisk(), k.getOnDisk());
                flag(schema, "enable_hnsw", k.hasEnableHnsw(), k.getEnableHnsw());
            }
            case INTEGER_INDEX_PARAMS -> {
                var i = p.getIntegerIndexParams();
                flag(schema, "lookup", i.hasLookup(), i.getLookup());
                flag(schema, "range", i.hasRange(), i.getRange());
                flag(schema, "is_principal", i.hasIsPrincipal(), i.getIsPrincipal());
                flag(schema, "on_disk", i.hasOnDisk(), i.getOnDisk());
                flag(schema, "enable_hnsw", i.hasEnableHnsw(), i.getEnableHnsw());
            }
            case FLOAT_INDEX_PARAMS -> {
                var f = p.getFloatIndexParams();
                flag(schema, "on_disk", f.hasOnDisk(), f.getOnDisk());
                flag(schema, "is_principal", f.hasIsPrincipal(), f.getIsPrincipal());
                flag(schema, "enable_hnsw", f.hasEnableHnsw(), f.getEnableHnsw());
            }
            case GEO_INDEX_PARAMS -> {
                var g = p.getGeoIndexParams();
                flag(schema, "on_disk", g.hasOnDisk(), g.getOnDisk());
                flag(schema, "enable_hnsw", g.hasEnableHnsw(), g.getEnableHnsw());
            }
            case TEXT_INDEX_PARAMS -> textParams(schema, p.getTextIndexParams());
            case BOOL_INDEX_PARAMS -> {
                var b = p.getBoolIndexParams();
                flag(schema, "on_disk", b.hasOnDisk(), b.getOnDisk());
                flag(schema, "enable_hnsw", b.hasEnableHnsw(), b.getEnableHnsw());
            }
            case DATETIME_INDEX_PARAMS -> {
                var d = p.getDatetimeIndexParams();
                flag(schema, "on_disk", d.hasOnDisk(), d.getOnDisk());
                flag(schema, "is_principal", d.hasIsPrincipal(), d.getIsPrincipal());
                flag(schema, "enable_hnsw", d.hasEnableHnsw(), d.getEnableHnsw());
            }
            case UUID_INDEX_PARAMS -> {
                var u = p.getUuidIndexParams();
                flag(schema, "is_tenant", u.hasIsTenant(), u.getIsTenant());
                flag(schema, "on_disk", u.hasOnDisk(), u.getOnDisk());
                flag(schema, "enable_hnsw", u.hasEnableHnsw(), u.getEnableHnsw());
            }
            case INDEXPARAMS_NOT_SET -> {
                // the type alone
            }
        }
        return body;
    }

    private static void textParams(ObjectNode schema, Collections.TextIndexParams t) {
        if (t.getTokenizer() != Collections.TokenizerType.Unknown) {
            schema.put("tokenizer", t.getTokenizer().name().toLowerCase(Locale.ROOT));
        }
        flag(schema, "lowercase", t.hasLowercase(), t.getLowercase());
        FilterMessages.unsigned(schema, "min_token_len", t.hasMinTokenLen(), t.getMinTokenLen());
        FilterMessages.unsigned(schema, "max_token_len", t.hasMaxTokenLen(), t.getMaxTokenLen());
        flag(schema, "on_disk", t.hasOnDisk(), t.getOnDisk());
        if (t.hasStopwords()) {
            ObjectNode stopwords = schema.putObject("stopwords");
            t.getStopwords().getLanguagesList().forEach(stopwords.putArray("languages")::add);
            t.getStopwords().getCustomList().forEach(stopwords.putArray("custom")::add);
        }
        flag(schema, "phrase_matching", t.hasPhraseMatching(), t.getPhraseMatching());
        if (t.hasStemmer() && t.getStemmer().hasSnowball()) {
            schema.putObject("stemmer").put("type", "snowball").put("language",
                    t.getStemmer().getSnowball().getLanguage());
        }
        flag(schema, "ascii_folding", t.hasAsciiFolding(), t.getAsciiFolding());
        flag(schema, "enable_hnsw", t.hasEnableHnsw(), t.getEnableHnsw());
    }

    static void flag(ObjectNode o, String field, boolean given, boolean value) {
        if (given) {
            o.put(field, value);
        }
    }
}
