package io.atoll.shard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.atoll.point.PointId;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes shard operations for the WAL (and the wire) as Smile, Jackson's binary JSON. Thread-safe. */
public final class OperationCodec {
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
            .registerModule(new SimpleModule()
                    .addSerializer(PointId.class, new IdSerializer())
                    .addDeserializer(PointId.class, new IdDeserializer()));

    private OperationCodec() {
    }

    public static byte[] encode(ShardOperation op) {
        try {
            return SMILE.writeValueAsBytes(op);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ShardOperation decode(byte[] bytes) throws IOException {
        return SMILE.readValue(bytes, ShardOperation.class);
    }

    private static final class IdSerializer extends JsonSerializer<PointId> {
        @Override
        public void serialize(PointId id, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeBinary(id.key());
        }
    }

    private static final class IdDeserializer extends JsonDeserializer<PointId> {
        @Override
        public PointId deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return PointId.fromKey(p.getBinaryValue());
        }
    }
}
