package io.atoll.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.atoll.point.VectorValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Vector values on the wire without a type property, told apart by shape: a dense vector is an array of numbers,
 * exactly as the float arrays of builds before sparse and multivectors (so their logs and peers' messages read
 * both ways), a multivector an array of such arrays, a sparse vector an object {@code {indices, values}}.
 */
final class VectorValueSerialization {
    private VectorValueSerialization() {
    }

    static final class Serializer extends JsonSerializer<VectorValue> {
        @Override
        public void serialize(VectorValue v, JsonGenerator g, SerializerProvider p) throws IOException {
            switch (v) {
                case VectorValue.Dense d -> p.findValueSerializer(float[].class).serialize(d.values(), g, p);
                case VectorValue.Multi m -> {
                    g.writeStartArray();
                    for (float[] inner : m.vectors()) {
                        p.findValueSerializer(float[].class).serialize(inner, g, p);
                    }
                    g.writeEndArray();
                }
                case VectorValue.Sparse s -> {
                    g.writeStartObject();
                    g.writeFieldName("indices");
                    g.writeArray(s.indices(), 0, s.indices().length);
                    g.writeFieldName("values");
                    p.findValueSerializer(float[].class).serialize(s.values(), g, p);
                    g.writeEndObject();
                }
            }
        }
    }

    static final class Deserializer extends JsonDeserializer<VectorValue> {
        @Override
        public VectorValue deserialize(JsonParser p, DeserializationContext c) throws IOException {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return sparse(p, c);
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return (VectorValue) c.handleUnexpectedToken(VectorValue.class, p);
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                List<float[]> vectors = new ArrayList<>();
                for (; t == JsonToken.START_ARRAY; t = p.nextToken()) {
                    vectors.add(c.readValue(p, float[].class));
                }
                expect(p, c, t, JsonToken.END_ARRAY);
                return new VectorValue.Multi(vectors.toArray(float[][]::new));
            }
            float[] values = new float[16];
            int n = 0;
            for (; t != null && t.isNumeric(); t = p.nextToken()) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = p.getFloatValue();
            }
            expect(p, c, t, JsonToken.END_ARRAY);
            return new VectorValue.Dense(Arrays.copyOf(values, n));
        }

        private static VectorValue sparse(JsonParser p, DeserializationContext c) throws IOException {
            int[] indices = null;
            float[] values = null;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                p.nextToken();
                switch (field) {
                    case "indices" -> indices = c.readValue(p, int[].class);
                    case "values" -> values = c.readValue(p, float[].class);
                    default -> c.handleUnknownProperty(p, null, VectorValue.class, field);
                }
            }
            if (indices == null || values == null || indices.length != values.length) {
                throw c.weirdStringException("sparse", VectorValue.class, "a sparse vector needs indices and values"
                        + " of one length");
            }
            return new VectorValue.Sparse(indices, values);
        }

        private static void expect(JsonParser p, DeserializationContext c, JsonToken t, JsonToken want)
                throws IOException {
            if (t != want) {
                c.reportWrongTokenException(VectorValue.class, want, "a vector holds numbers or arrays of numbers");
            }
        }
    }
}
