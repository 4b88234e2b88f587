package io.atoll.storage.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.filter.Datetimes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;

/**
 * Turns a payload into index fields. Every value is indexed by what it is (keyword and full text for strings,
 * integer and float points for numbers, and so on), under its path as Qdrant's filters name it: values in an array
 * under the array's own path ({@code tags}), the keys of objects in an array under the array's path with
 * {@code []} ({@code cities[].name}), arrays in arrays taken apart. So filters work on any field the way Qdrant's
 * do once a field is indexed, and {@code cities.name} finds nothing in an array, as in Qdrant. Stateless.
 */
final class PayloadFields {
    /** Lucene refuses terms above 32 KiB; longer strings stay filterable through full text only. */
    private static final int MAX_KEYWORD_BYTES = 8 * 1024;
    /**
     * Paths are terms too (is_empty, is_null): a longer path would make Lucene refuse the whole document, so
     * values under it are stored but not indexed.
     */
    private static final int MAX_PATH_BYTES = 4 * 1024;

    private PayloadFields() {
    }

    static void addTo(ObjectNode payload, TextAnalysis analysis, java.util.List<IndexableField> out) {
        Map<String, Integer> counts = new HashMap<>();
        walkObject("", payload, out, counts);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            out.add(new IntPoint(FieldNames.count(e.getKey()), e.getValue()));
            if (e.getValue() > 0) {
                out.add(new StringField(FieldNames.NON_EMPTY, e.getKey(), Field.Store.NO));
            }
            // on every path the document has, whatever its values: a document without it is one to analyse again
            String marker = analysis.marker(e.getKey());
            if (marker != null) {
                out.add(new StringField(FieldNames.TEXT_ANALYSIS, marker, Field.Store.NO));
            }
        }
    }

    /** The strings the index analyses as the text of {@code path}, in payload order. */
    static java.util.List<String> textValues(ObjectNode payload, String path) {
        java.util.List<IndexableField> fields = new java.util.ArrayList<>();
        walkObject("", payload, fields, new HashMap<>());
        String name = FieldNames.text(path);
        return fields.stream().filter(f -> f.name().equals(name)).map(IndexableField::stringValue).toList();
    }

    private static void walkObject(String prefix, JsonNode obj, java.util.List<IndexableField> out,
                                   Map<String, Integer> counts) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            walkValue(path, e.getValue(), out, counts, false);
        }
    }

    private static void walkValue(String path, JsonNode v, java.util.List<IndexableField> out,
                                  Map<String, Integer> counts, boolean inArray) {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return;
        }
        if (v.isArray()) {
            counts.merge(path, 0, Integer::sum);
            for (JsonNode element : v) {
                walkValue(path, element, out, counts, true);
            }
            return;
        }
        if (v.isNull()) {
            if (!inArray) {
                // is_null means the key holds null, not that a list under it contains one
                out.add(new StringField(FieldNames.NULL, path, Field.Store.NO));
            }
            counts.merge(path, 0, Integer::sum);
            return;
        }
        counts.merge(path, 1, Integer::sum);
        if (v.isObject()) {
            JsonNode lat = v.get("lat");
            JsonNode lon = v.get("lon");
            if (lat != null && lon != null && lat.isNumber() && lon.isNumber()
                    && Math.abs(lat.asDouble()) <= 90 && Math.abs(lon.asDouble()) <= 180) {
                out.add(new LatLonPoint(FieldNames.geo(path), lat.asDouble(), lon.asDouble()));
            }
            // an object's keys in an array are reached through the array: cities[].name
            walkObject(inArray ? path + "[]" : path, v, out, counts);
        } else if (v.isTextual()) {
            String s = v.asText();
            if (s.getBytes(StandardCharsets.UTF_8).length <= MAX_KEYWORD_BYTES) {
                out.add(new StringField(FieldNames.keyword(path), s, Field.Store.NO));
            }
            out.add(new TextField(FieldNames.text(path), s, Field.Store.NO));
            Long micros = Datetimes.parseMicros(s);
            if (micros != null) {
                out.add(new LongPoint(FieldNames.datetime(path), micros));
            }
        } else if (v.isBoolean()) {
            out.add(new StringField(FieldNames.bool(path), v.asBoolean() ? "true" : "false", Field.Store.NO));
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            out.add(new LongPoint(FieldNames.integer(path), v.asLong()));
            out.add(new DoublePoint(FieldNames.number(path), v.asDouble()));
        } else if (v.isNumber()) {
            out.add(new DoublePoint(FieldNames.number(path), v.asDouble()));
        }
    }
}
