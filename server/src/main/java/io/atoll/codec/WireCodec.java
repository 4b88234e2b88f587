package io.atoll.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.atoll.point.PointId;
import io.atoll.point.VectorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of Atoll's own values (shard operations, queries, results) on disk and between peers:
 * Smile, Jackson's binary JSON. Point ids are their canonical key bytes. A sealed interface without its own
 * {@code @JsonTypeInfo} is written with the {@code @JsonTypeName} of its permitted subclass: every subclass must
 * name itself, so that renaming a Java type never changes the wire format, and one without a name fails at once
 * rather than on a peer. Thread-safe.
 */
public final class WireCodec {
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
            .setAnnotationIntrospector(new SealedTypes())
            // Values are their record components; helpers such as Filter.isEmpty() are not properties.
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            // Filter values are Strings, Longs or Booleans; small numbers must not come back as Integers.
            .configure(DeserializationFeature.USE_LONG_FOR_INTS, true)
            .registerModule(new SimpleModule()
                    .addSerializer(PointId.class, new IdSerializer())
                    .addDeserializer(PointId.class, new IdDeserializer())
                    .addSerializer(VectorValue.class, new VectorValueSerialization.Serializer())
                    .addDeserializer(VectorValue.class, new VectorValueSerialization.Deserializer()));

    private WireCodec() {
    }

    public static byte[] encode(Object value) {
        try {
            return SMILE.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes {@code value} as a {@code type}, naming its subtype when {@code type} is a sealed interface. */
    public static <T> byte[] encode(T value, Class<? super T> type) {
        try {
            return SMILE.writerFor(type).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T decode(byte[] bytes, Class<T> type) throws IOException {
        return SMILE.readValue(bytes, type);
    }

    /** Names the subtypes of sealed interfaces that do not declare a type property of their own. */
    private static final class SealedTypes extends JacksonAnnotationIntrospector {
        @Override
        public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass ac, JavaType baseType) {
            TypeResolverBuilder<?> declared = super.findTypeResolver(config, ac, baseType);
            if (declared != null || !isSealedRoot(baseType.getRawClass())) {
                return declared;
            }
            return new StdTypeResolverBuilder().init(JsonTypeInfo.Id.NAME, null)
                    .inclusion(JsonTypeInfo.As.PROPERTY).typeProperty("@type");
        }

        @Override
        public List<NamedType> findSubtypes(Annotated a) {
            List<NamedType> declared = super.findSubtypes(a);
            if (declared != null || !isSealedRoot(a.getRawType())) {
                return declared;
            }
            List<NamedType> out = new ArrayList<>();
            addPermitted(a.getRawType(), out);
            return out;
        }

        /** Point ids and vector values have their own serializers above, which write no type. */
        private static boolean isSealedRoot(Class<?> c) {
            return c.isInterface() && c.isSealed() && c != PointId.class && c != VectorValue.class;
        }

        private static void addPermitted(Class<?> c, List<NamedType> out) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                if (sub.isInterface()) {
                    addPermitted(sub, out);
                } else {
                    JsonTypeName name = sub.getAnnotation(JsonTypeName.class);
                    if (name == null || name.value().isEmpty()) {
                        throw new IllegalStateException(sub.getName() + " goes on the wire as a " + c.getName()
                                + " and needs a @JsonTypeName");
                    }
                    out.add(new NamedType(sub, name.value()));
                }
            }
        }
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
