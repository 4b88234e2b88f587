package io.atoll.storage.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorParams;
import io.atoll.point.VectorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Maps points to Lucene documents and back. Stateless apart from the JSON mapper; thread-safe. */
public final class PointDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STORED = Set.of(FieldNames.ID, FieldNames.VERSION, FieldNames.PAYLOAD);

    private PointDocuments() {
    }

    public static Term idTerm(PointId id) {
        return new Term(FieldNames.ID, new BytesRef(id.key()));
    }

    /** Matches live points (not tombstones). */
    public static Query liveQuery() {
        return new TermQuery(new Term(FieldNames.LIVE, "1"));
    }

    public static String versionField() {
        return FieldNames.VERSION;
    }

    public static String idField() {
        return FieldNames.ID;
    }

    public static Query nonEmptyPath(String path) {
        return new TermQuery(new Term(FieldNames.NON_EMPTY, path));
    }

    /** A point's document; its text values are analysed (by the writer) and marked as {@code analysis} says. */
    public static List<IndexableField> pointDocument(PointStruct p, long version, CollectionParams params,
                                                     TextAnalysis analysis) {
        List<IndexableField> doc = identity(p.id(), version);
        doc.add(new StringField(FieldNames.LIVE, "1", Field.Store.NO));
        try {
            doc.add(new StoredField(FieldNames.PAYLOAD, JSON.writeValueAsBytes(p.payload())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, VectorValue> e : p.vectors().entrySet()) {
            VectorParams vp = params.vector(e.getKey());
            if (e.getValue() instanceof VectorValue.Sparse s && params.sparseVector(e.getKey()) != null) {
                VectorFields.addSparse(doc, e.getKey(), params.sparseVector(e.getKey()), s);
                continue;
            }
            if (vp != null && vp.isMulti() && e.getValue() instanceof VectorValue.Multi m
                    && java.util.Arrays.stream(m.vectors()).allMatch(inner -> inner.length == vp.size())) {
                VectorFields.addMulti(doc, e.getKey(), vp, m);
                continue;
            }
            if (vp == null || vp.isMulti() || !(e.getValue() instanceof VectorValue.Dense v)
                    || vp.size() != v.values().length) {
                // a vector removed from the collection's config since the operation was logged, or one of a former
                // vector of that name, removed and added again with another size (its values are gone with it)
                continue;
            }
            doc.add(new KnnFloatVectorField(FieldNames.vector(e.getKey(), vp.generation()), v.values(),
                    similarity(vp.distance())));
            doc.add(new StringField(FieldNames.HAS_VECTOR, FieldNames.hasVector(e.getKey(), vp.generation()),
                    Field.Store.NO));
        }
        PayloadFields.addTo(p.payload(), analysis, doc);
        return doc;
    }

    public static List<IndexableField> tombstone(PointId id, long version) {
        List<IndexableField> doc = identity(id, version);
        doc.add(new StringField(FieldNames.TOMBSTONE, "1", Field.Store.NO));
        return doc;
    }

    private static List<IndexableField> identity(PointId id, long version) {
        List<IndexableField> doc = new ArrayList<>();
        BytesRef key = new BytesRef(id.key());
        doc.add(new StringField(FieldNames.ID, key, Field.Store.YES));
        doc.add(new SortedDocValuesField(FieldNames.ID, key));
        doc.add(new NumericDocValuesField(FieldNames.VERSION, version));
        doc.add(new StoredField(FieldNames.VERSION, version));
        return doc;
    }

    /**
     * The Lucene similarity each distance is indexed with. Cosine vectors are stored normalized, so a dot product
     * ranks them; Manhattan has no Lucene similarity, so its graph is built on Euclidean distance and the
     * candidates are re-ranked exactly.
     */
    public static VectorSimilarityFunction similarity(Distance d) {
        return switch (d) {
            case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
            case DOT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case EUCLID, MANHATTAN -> VectorSimilarityFunction.EUCLIDEAN;
        };
    }

    /** Turns Lucene's similarity score back into Qdrant's score for the distance. */
    public static float qdrantScore(Distance d, float luceneScore) {
        return switch (d) {
            case COSINE -> 2 * luceneScore - 1;
            case DOT -> luceneScore < 1 ? 1 - 1 / luceneScore : luceneScore - 1;
            case EUCLID -> (float) Math.sqrt(Math.max(0, 1 / luceneScore - 1));
            case MANHATTAN -> throw new IllegalArgumentException("Manhattan scores are computed exactly");
        };
    }

    /** A stored document's id, version and payload. */
    public record Stored(PointId id, long version, ObjectNode payload) {
    }

    public static Stored readStored(LeafReader leaf, int doc, boolean withPayload) throws IOException {
        Document d = leaf.storedFields().document(doc, withPayload ? STORED : Set.of(FieldNames.ID, FieldNames.VERSION));
        BytesRef key = d.getBinaryValue(FieldNames.ID);
        PointId id = PointId.fromKey(BytesRef.deepCopyOf(key).bytes);
        long version = d.getField(FieldNames.VERSION).numericValue().longValue();
        ObjectNode payload = null;
        if (withPayload) {
            BytesRef p = d.getBinaryValue(FieldNames.PAYLOAD);
            payload = p == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(p.bytes, p.offset, p.length);
        }
        return new Stored(id, version, payload);
    }

    /** The vectors of one document, for the collection's vector names {@code wanted} accepts. */
    public static Map<String, VectorValue> readVectors(LeafReader leaf, int doc, CollectionParams params,
                                                       java.util.function.Predicate<String> wanted)
            throws IOException {
        Map<String, VectorValue> out = new HashMap<>();
        for (Map.Entry<String, VectorParams> e : params.vectors().entrySet()) {
            if (!wanted.test(e.getKey())) {
                continue;
            }
            VectorValue v = e.getValue().isMulti() ? VectorFields.readMulti(leaf, doc, e.getKey(), e.getValue())
                    : dense(readVector(leaf, doc, vectorField(e.getKey(), e.getValue())));
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        for (Map.Entry<String, SparseVectorParams> e : params.sparseVectors().entrySet()) {
            VectorValue v = wanted.test(e.getKey()) ? VectorFields.readSparse(leaf, doc, e.getKey(), e.getValue())
                    : null;
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static VectorValue dense(float[] v) {
        return v == null ? null : VectorValue.of(v);
    }

    /** The vector a document holds in a vector field ({@link #vectorField}), or null. */
    public static float[] readVector(LeafReader leaf, int doc, String field) throws IOException {
        FloatVectorValues values = leaf.getFloatVectorValues(field);
        if (values == null) {
            return null;
        }
        KnnVectorValues.DocIndexIterator it = values.iterator();
        if (it.advance(doc) != doc) {
            return null;
        }
        return values.vectorValue(it.index()).clone();
    }

    public static FloatVectorValues vectorValues(LeafReader leaf, String field) throws IOException {
        return leaf.getFloatVectorValues(field);
    }

    /** The Lucene field of the collection's vector {@code name}. */
    public static String vectorField(String name, VectorParams vp) {
        return FieldNames.vector(name, vp.generation());
    }
}
