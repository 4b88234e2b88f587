package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.schema.MultiVectorConfig;
import io.atoll.schema.SparseVectorParams;
import io.qdrant.client.grpc.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * Qdrant's gRPC sparse vector and multivector settings, to the REST shapes the parsers check and back from the
 * collection's params. Stateless.
 */
final class SparseVectorMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SparseVectorMessages() {
    }

    /** {@code sparse_vectors_config} as REST's {@code sparse_vectors}. */
    static ObjectNode json(Collections.SparseVectorConfig config) {
        ObjectNode out = F.objectNode();
        config.getMapMap().forEach((name, p) -> {
            ObjectNode o = out.putObject(name);
            if (p.hasModifier()) {
                o.put("modifier", p.getModifier().name().toLowerCase(Locale.ROOT));
            }
            if (p.hasIndex()) {
                Collections.SparseIndexConfig i = p.getIndex();
                ObjectNode index = o.putObject("index");
                if (i.hasFullScanThreshold()) {
                    index.put("full_scan_threshold", i.getFullScanThreshold());
                }
                if (i.hasOnDisk()) {
                    index.put("on_disk", i.getOnDisk());
                }
                if (i.hasDatatype() && i.getDatatype() != Collections.Datatype.Default) {
                    index.put("datatype", i.getDatatype().name().toLowerCase(Locale.ROOT));
                }
            }
        });
        return out;
    }

    /** A multivector_config as REST's. */
    static ObjectNode json(Collections.MultiVectorConfig config) {
        return F.objectNode().put("comparator", "max_sim");
    }

    static Collections.MultiVectorConfig message(MultiVectorConfig config) {
        return Collections.MultiVectorConfig.newBuilder().setComparator(Collections.MultiVectorComparator.MaxSim)
                .build();
    }

    /** The collection's sparse vectors as Qdrant's config message, with what was set. */
    static Collections.SparseVectorConfig message(Map<String, SparseVectorParams> sparse) {
        Collections.SparseVectorConfig.Builder out = Collections.SparseVectorConfig.newBuilder();
        sparse.forEach((name, sp) -> {
            Collections.SparseVectorParams.Builder b = Collections.SparseVectorParams.newBuilder();
            if (sp.modifier() != null) {
                b.setModifier(sp.modifier() == SparseVectorParams.Modifier.IDF ? Collections.Modifier.Idf
                        : Collections.Modifier.None);
            }
            if (sp.index() != null) {
                b.setIndex(index(sp.index()));
            }
            out.putMap(name, b.build());
        });
        return out.build();
    }

    private static Collections.SparseIndexConfig index(JsonNode i) {
        Collections.SparseIndexConfig.Builder b = Collections.SparseIndexConfig.newBuilder();
        if (i.has("full_scan_threshold")) {
            b.setFullScanThreshold(i.get("full_scan_threshold").asLong());
        }
        if (i.has("on_disk")) {
            b.setOnDisk(i.get("on_disk").asBoolean());
        }
        if (i.has("datatype")) {
            String d = i.get("datatype").asText();
            b.setDatatype(Collections.Datatype.valueOf(d.substring(0, 1).toUpperCase(Locale.ROOT) + d.substring(1)));
        }
        return b.build();
    }
}
