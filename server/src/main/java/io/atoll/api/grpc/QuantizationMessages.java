package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.qdrant.client.grpc.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * Qdrant's gRPC quantization configs and the REST JSON Atoll keeps them as, both ways. An enum value the client
 * knows and this server does not reaches the REST parser as its name and is refused there.
 */
final class QuantizationMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Binary encodings by their REST names. */
    private static final Map<String, Collections.BinaryQuantizationEncoding> ENCODINGS = Map.of(
            "one_bit", Collections.BinaryQuantizationEncoding.OneBit,
            "two_bits", Collections.BinaryQuantizationEncoding.TwoBits,
            "one_and_half_bits", Collections.BinaryQuantizationEncoding.OneAndHalfBits);

    private QuantizationMessages() {
    }

    /** The REST form of a config. */
    static ObjectNode json(Collections.QuantizationConfig c) {
        return switch (c.getQuantizationCase()) {
            case SCALAR -> scalar(c.getScalar());
            case PRODUCT -> product(c.getProduct());
            case BINARY -> binary(c.getBinary());
            default -> F.objectNode(); // refused by the REST parser: no kind given
        };
    }

    /** The REST form of a change of config ("Disabled" removes it). */
    static JsonNode json(Collections.QuantizationConfigDiff d) {
        return switch (d.getQuantizationCase()) {
            case SCALAR -> scalar(d.getScalar());
            case PRODUCT -> product(d.getProduct());
            case BINARY -> binary(d.getBinary());
            case DISABLED -> TextNode.valueOf("Disabled");
            default -> F.objectNode();
        };
    }

    private static ObjectNode scalar(Collections.ScalarQuantization s) {
        ObjectNode root = F.objectNode();
        ObjectNode o = root.putObject("scalar");
        o.put("type", s.getType() == Collections.QuantizationType.Int8 ? "int8" : s.getType().name());
        if (s.hasQuantile()) {
            o.put("quantile", Double.parseDouble(Float.toString(s.getQuantile())));
        }
        alwaysRam(o, s.hasAlwaysRam(), s.getAlwaysRam());
        return root;
    }

    private static ObjectNode product(Collections.ProductQuantization p) {
        ObjectNode root = F.objectNode();
        ObjectNode o = root.putObject("product");
        o.put("compression", p.getCompression().name());
        alwaysRam(o, p.hasAlwaysRam(), p.getAlwaysRam());
        return root;
    }

    private static ObjectNode binary(Collections.BinaryQuantization b) {
        ObjectNode root = F.objectNode();
        ObjectNode o = root.putObject("binary");
        alwaysRam(o, b.hasAlwaysRam(), b.getAlwaysRam());
        if (b.hasEncoding()) {
            o.put("encoding", ENCODINGS.entrySet().stream().filter(e -> e.getValue() == b.getEncoding())
                    .map(Map.Entry::getKey).findFirst().orElse(b.getEncoding().name()));
        }
        if (b.hasQueryEncoding() && b.getQueryEncoding().hasSetting()) {
            o.put("query_encoding", b.getQueryEncoding().getSetting().name().toLowerCase(Locale.ROOT));
        }
        return root;
    }

    private static void alwaysRam(ObjectNode o, boolean given, boolean value) {
        if (given) {
            o.put("always_ram", value);
        }
    }

    /** The gRPC form of a config Atoll keeps (validated when it was given). */
    static Collections.QuantizationConfig message(JsonNode c) {
        Collections.QuantizationConfig.Builder b = Collections.QuantizationConfig.newBuilder();
        JsonNode s = c.path("scalar");
        JsonNode p = c.path("product");
        JsonNode bin = c.path("binary");
        if (s.isObject()) {
            Collections.ScalarQuantization.Builder q = Collections.ScalarQuantization.newBuilder()
                    .setType(Collections.QuantizationType.Int8);
            if (s.path("quantile").isNumber()) {
                q.setQuantile((float) s.get("quantile").asDouble());
            }
            if (s.path("always_ram").isBoolean()) {
                q.setAlwaysRam(s.get("always_ram").asBoolean());
            }
            b.setScalar(q);
        } else if (p.isObject()) {
            Collections.ProductQuantization.Builder q = Collections.ProductQuantization.newBuilder()
                    .setCompression(Collections.CompressionRatio.valueOf(p.path("compression").asText("x4")));
            if (p.path("always_ram").isBoolean()) {
                q.setAlwaysRam(p.get("always_ram").asBoolean());
            }
            b.setProduct(q);
        } else if (bin.isObject()) {
            Collections.BinaryQuantization.Builder q = Collections.BinaryQuantization.newBuilder();
            if (bin.path("always_ram").isBoolean()) {
                q.setAlwaysRam(bin.get("always_ram").asBoolean());
            }
            Collections.BinaryQuantizationEncoding encoding = ENCODINGS.get(bin.path("encoding").asText(""));
            if (encoding != null) {
                q.setEncoding(encoding);
            }
            String qe = bin.path("query_encoding").asText("");
            for (Collections.BinaryQuantizationQueryEncoding.Setting v
                    : Collections.BinaryQuantizationQueryEncoding.Setting.values()) {
                if (v != Collections.BinaryQuantizationQueryEncoding.Setting.UNRECOGNIZED
                        && v.name().toLowerCase(Locale.ROOT).equals(qe)) {
                    q.setQueryEncoding(Collections.BinaryQuantizationQueryEncoding.newBuilder().setSetting(v));
                }
            }
            b.setBinary(q);
        }
        return b.build();
    }
}
