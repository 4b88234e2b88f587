package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorParams;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Qdrant's {@code sparse_vectors}: the sparse vectors of a collection at creation, a PATCH of their settings (a
 * diff, as in Qdrant), and one given to {@code PUT /collections/{c}/vectors/{name}}. Stateless.
 */
final class SparseVectorsParser {
    private static final Set<String> INDEX_FIELDS = Set.of("full_scan_threshold", "on_disk", "memory", "datatype");

    private SparseVectorsParser() {
    }

    /** The sparse vectors given at creation, whose names must differ from the dense vectors' ones. */
    static TreeMap<String, SparseVectorParams> create(JsonNode n, Map<String, VectorParams> dense) {
        TreeMap<String, SparseVectorParams> out = new TreeMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : JsonInput.object(n, "sparse_vectors").properties()) {
            String where = "sparse_vectors." + e.getKey();
            if (e.getKey().isEmpty()) {
                throw AtollException.badRequest("Wrong input: Sparse vector name cannot be empty");
            }
            if (dense.containsKey(e.getKey())) {
                throw AtollException.badRequest("Wrong input: Dense and sparse vector names must be unique - "
                        + "duplicate found with '" + e.getKey() + "'");
            }
            ObjectNode o = JsonInput.object(e.getValue(), where);
            JsonInput.allowOnly(o, where, Set.of("index", "modifier"));
            out.put(e.getKey(), new SparseVectorParams(index(o.get("index"), null, where + ".index"),
                    modifier(o, where), 0));
        }
        return out;
    }

    /** A PATCH's {@code sparse_vectors}: names the collection has, the settings given replacing those before. */
    static TreeMap<String, SparseVectorParams> update(JsonNode n, Map<String, SparseVectorParams> current) {
        TreeMap<String, SparseVectorParams> out = new TreeMap<>(current);
        if (n == null || n.isNull()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : JsonInput.object(n, "sparse_vectors").properties()) {
            String where = "sparse_vectors." + e.getKey();
            SparseVectorParams old = current.get(e.getKey());
            if (old == null) {
                throw AtollException.badRequest("Wrong input: Not existing vector name error: " + e.getKey());
            }
            ObjectNode o = JsonInput.object(e.getValue(), where);
            JsonInput.allowOnly(o, where, Set.of("index", "modifier"));
            SparseVectorParams.Modifier modifier = modifier(o, where);
            out.put(e.getKey(), new SparseVectorParams(index(o.get("index"), old.index(), where + ".index"),
                    modifier == null ? old.modifier() : modifier, old.generation()));
        }
        return out;
    }

    /** The body of {@code PUT .../vectors/{name}} with {@code sparse}: a modifier and a datatype, both optional. */
    static SparseVectorParams added(ObjectNode o) {
        JsonInput.allowOnly(o, "sparse", Set.of("modifier", "datatype"));
        ObjectNode index = null;
        if (JsonInput.present(o, "datatype")) {
            index = ResponseJson.JSON.createObjectNode().put("datatype", datatype(o.get("datatype"),
                    "sparse.datatype"));
        }
        return new SparseVectorParams(index, modifier(o, "sparse"), 0);
    }

    /** Whether two sparse vectors are configured alike, as Qdrant compares them (modifier and datatype). */
    static boolean sameConfiguration(SparseVectorParams a, SparseVectorParams b) {
        return modifierOrNone(a) == modifierOrNone(b) && a.datatype() == b.datatype();
    }

    private static SparseVectorParams.Modifier modifierOrNone(SparseVectorParams p) {
        return p.modifier() == null ? SparseVectorParams.Modifier.NONE : p.modifier();
    }

    private static SparseVectorParams.Modifier modifier(ObjectNode o, String where) {
        if (!JsonInput.present(o, "modifier")) {
            return null;
        }
        String m = JsonInput.text(o.get("modifier"), where + ".modifier");
        SparseVectorParams.Modifier modifier = SparseVectorParams.Modifier.of(m);
        if (modifier == null) {
            throw formatError("`" + where + ".modifier`: unknown variant `" + m + "`, expected `none` or `idf`");
        }
        return modifier;
    }

    /** Index settings checked field by field and merged over {@code base}; kept as given. */
    private static JsonNode index(JsonNode n, JsonNode base, String where) {
        if (n == null || n.isNull()) {
            return base;
        }
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, INDEX_FIELDS);
        ObjectNode out = base == null ? ResponseJson.JSON.createObjectNode() : (ObjectNode) base.deepCopy();
        if (JsonInput.present(o, "full_scan_threshold")) {
            out.put("full_scan_threshold", JsonInput.longValue(o.get("full_scan_threshold"),
                    where + ".full_scan_threshold", 0, Integer.MAX_VALUE));
        }
        if (JsonInput.present(o, "on_disk")) {
            out.put("on_disk", JsonInput.boolValue(o.get("on_disk"), where + ".on_disk"));
        }
        if (JsonInput.present(o, "memory")) {
            out.put("memory", CollectionParser.memory(o.get("memory"), where + ".memory"));
        }
        if (JsonInput.present(o, "datatype")) {
            out.put("datatype", datatype(o.get("datatype"), where + ".datatype"));
        }
        return out;
    }

    private static String datatype(JsonNode n, String where) {
        String d = JsonInput.text(n, where);
        if (d.equals("turbo4")) {
            throw AtollException.unprocessable("Validation error in JSON body: [" + where
                    + ": sparse vectors do not support the `turbo4` datatype]");
        }
        if (!Set.of("float32", "float16", "uint8").contains(d)) {
            throw formatError("`" + where + "`: unknown variant `" + d + "`, expected one of `float32`, `float16`, "
                    + "`uint8`, `turbo4`");
        }
        return d;
    }
}
