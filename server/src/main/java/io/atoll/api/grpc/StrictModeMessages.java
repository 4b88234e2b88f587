package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import io.atoll.schema.StrictModeConfig;
import io.qdrant.client.grpc.Collections;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's StrictModeConfig message both ways (and, one way, other config messages of the same kind). Its fields carry the REST names, so each set field becomes the JSON
 * field of that name (the per-vector maps one level flatter, as in REST) and the REST parser checks it; an answer
 * is built from the stored config the same way back. Stateless.
 */
final class StrictModeMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private StrictModeMessages() {
    }

    /** Any of Qdrant's config messages whose fields carry the REST names (strict mode, WAL) as its REST object. */
    static ObjectNode json(Message m) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            Object v = e.getValue();
            switch (f.getJavaType()) {
                case BOOLEAN -> o.put(f.getName(), (Boolean) v);
                case INT -> o.put(f.getName(), f.getType() == FieldDescriptor.Type.UINT32
                        ? Integer.toUnsignedLong((Integer) v) : (Integer) v);
                case LONG -> o.set(f.getName(), f.getType() == FieldDescriptor.Type.UINT64 && (Long) v < 0
                        ? F.numberNode(new java.math.BigInteger(Long.toUnsignedString((Long) v))) : F.numberNode((Long) v));
                case FLOAT -> o.put(f.getName(), (Float) v);
                case DOUBLE -> o.put(f.getName(), (Double) v);
                case MESSAGE -> o.set(f.getName(), perVector((Message) v));
                default -> throw new IllegalStateException("strict mode field " + f.getName() + " of " + f.getJavaType());
            }
        }
        return o;
    }

    /** {@code {"<vector>": {"max_vectors": n}}} from the message holding one map of them. */
    private static ObjectNode perVector(Message holder) {
        ObjectNode o = F.objectNode();
        for (Object entries : holder.getAllFields().values()) {
            for (Object entry : (List<?>) entries) {
                MapEntry<?, ?> me = (MapEntry<?, ?>) entry;
                ObjectNode limits = o.putObject((String) me.getKey());
                ((Message) me.getValue()).getAllFields().forEach((f, v) -> limits.put(f.getName(),
                        ((Number) v).longValue()));
            }
        }
        return o;
    }

    static Collections.StrictModeConfig message(StrictModeConfig config) {
        Collections.StrictModeConfig.Builder b = Collections.StrictModeConfig.newBuilder();
        JsonNode json = JSON.valueToTree(config);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            FieldDescriptor f = b.getDescriptorForType().findFieldByName(e.getKey());
            if (f == null) {
                continue;
            }
            JsonNode v = e.getValue();
            switch (f.getJavaType()) {
                case BOOLEAN -> b.setField(f, v.asBoolean());
                // a uint32 field holds at most 2^32 - 1: a larger REST limit shows as that much
                case INT -> b.setField(f, (int) Math.min(v.asLong(), 0xffffffffL));
                case LONG -> b.setField(f, v.asLong());
                case FLOAT -> b.setField(f, (float) v.asDouble());
                case DOUBLE -> b.setField(f, v.asDouble());
                case MESSAGE -> b.setField(f, perVector(b.newBuilderForField(f), v));
                default -> {
                }
            }
        }
        return b.build();
    }

    private static Message perVector(Message.Builder holder, JsonNode limits) {
        FieldDescriptor map = holder.getDescriptorForType().getFields().getFirst();
        for (Map.Entry<String, JsonNode> e : limits.properties()) {
            Message.Builder entry = holder.newBuilderForField(map);
            Message.Builder value = entry.newBuilderForField(entry.getDescriptorForType().findFieldByName("value"));
            for (Map.Entry<String, JsonNode> l : e.getValue().properties()) {
                FieldDescriptor lf = value.getDescriptorForType().findFieldByName(l.getKey());
                value.setField(lf, lf.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) (int) l.getValue().asLong()
                        : (Object) l.getValue().asLong());
            }
            entry.setField(entry.getDescriptorForType().findFieldByName("key"), e.getKey());
            entry.setField(entry.getDescriptorForType().findFieldByName("value"), value.build());
            holder.addRepeatedField(map, entry.build());
        }
        return holder.build();
    }
}
