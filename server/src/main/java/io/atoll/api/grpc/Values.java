package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdrant.client.grpc.JsonWithInt.ListValue;
import io.qdrant.client.grpc.JsonWithInt.NullValue;
import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.Map;

/** Qdrant's JSON values with 64-bit integers (payloads, metadata) to and from Jackson's JSON. Stateless. */
final class Values {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Values() {
    }

    static JsonNode json(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> F.nullNode();
            case DOUBLE_VALUE -> F.numberNode(v.getDoubleValue());
            case INTEGER_VALUE -> F.numberNode(v.getIntegerValue());
            case STRING_VALUE -> F.textNode(v.getStringValue());
            case BOOL_VALUE -> F.booleanNode(v.getBoolValue());
            case STRUCT_VALUE -> json(v.getStructValue().getFieldsMap());
            case LIST_VALUE -> {
                ArrayNode a = F.arrayNode();
                v.getListValue().getValuesList().forEach(x -> a.add(json(x)));
                yield a;
            }
        };
    }

    static ObjectNode json(Map<String, Value> fields) {
        ObjectNode o = F.objectNode();
        fields.forEach((k, x) -> o.set(k, json(x)));
        return o;
    }

    static Value value(JsonNode n) {
        Value.Builder b = Value.newBuilder();
        if (n == null || n.isNull()) {
            return b.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return b.setIntegerValue(n.asLong()).build();
        }
        if (n.isNumber()) {
            return b.setDoubleValue(n.asDouble()).build();
        }
        if (n.isBoolean()) {
            return b.setBoolValue(n.asBoolean()).build();
        }
        if (n.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            n.forEach(x -> list.addValues(value(x)));
            return b.setListValue(list).build();
        }
        if (n.isObject()) {
            return b.setStructValue(Struct.newBuilder().putAllFields(fields(n))).build();
        }
        return b.setStringValue(n.asText()).build();
    }

    /** An object's fields as Qdrant's map of values (a payload). */
    static Map<String, Value> fields(JsonNode object) {
        java.util.LinkedHashMap<String, Value> out = new java.util.LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }
}
