package io.atoll.storage.index;

import io.atoll.point.VectorValue;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LateInteractionField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene fields of sparse vectors and multivectors, and reading them back. A sparse vector is one indexed term
 * per dimension (to find the points that share a query's dimensions and count them) and its exact weights as
 * binary doc values; a multivector is Lucene's late-interaction field (binary doc values) and has no graph.
 */
public final class VectorFields {
    private VectorFields() {
    }

    static void addSparse(List<IndexableField> doc, String name, SparseVectorParams sp, VectorValue.Sparse v) {
        String terms = FieldNames.sparseTerms(name, sp.generation());
        for (int index : v.indices()) {
            doc.add(new StringField(terms, dimension(index), Field.Store.NO));
        }
        doc.add(new BinaryDocValuesField(FieldNames.sparseValues(name, sp.generation()), encode(v)));
        doc.add(new StringField(FieldNames.HAS_VECTOR, FieldNames.hasVector(name, sp.generation()), Field.Store.NO));
    }

    static void addMulti(List<IndexableField> doc, String name, VectorParams vp, VectorValue.Multi v) {
        doc.add(new LateInteractionField(FieldNames.multi(name, vp.generation()), v.vectors()));
        doc.add(new StringField(FieldNames.HAS_VECTOR, FieldNames.hasVector(name, vp.generation()), Field.Store.NO));
    }

    /** The field holding one term per dimension of the sparse vector {@code name}. */
    public static String sparseTermsField(String name, SparseVectorParams sp) {
        return FieldNames.sparseTerms(name, sp.generation());
    }

    /** The field holding the weights of the sparse vector {@code name} as binary doc values. */
    public static String sparseValuesField(String name, SparseVectorParams sp) {
        return FieldNames.sparseValues(name, sp.generation());
    }

    /** The field holding the multivector {@code name} as binary doc values. */
    public static String multiField(String name, VectorParams vp) {
        return FieldNames.multi(name, vp.generation());
    }

    /** The points holding the sparse vector {@code name}. */
    public static Query holding(String name, SparseVectorParams sp) {
        return new TermQuery(new Term(FieldNames.HAS_VECTOR, FieldNames.hasVector(name, sp.generation())));
    }

    /** The points whose sparse vector {@code name} has a weight at dimension {@code index}. */
    public static Query holding(String name, SparseVectorParams sp, int index) {
        return new TermQuery(new Term(FieldNames.sparseTerms(name, sp.generation()), dimension(index)));
    }

    /** The term of a sparse dimension: big-endian, so that terms sort as unsigned indices do. */
    public static BytesRef dimension(int index) {
        return new BytesRef(ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
    }

    static VectorValue.Sparse readSparse(LeafReader leaf, int doc, String name, SparseVectorParams sp)
            throws IOException {
        BytesRef b = binary(leaf, doc, FieldNames.sparseValues(name, sp.generation()));
        return b == null ? null : decode(b);
    }

    static VectorValue.Multi readMulti(LeafReader leaf, int doc, String name, VectorParams vp) throws IOException {
        BytesRef b = binary(leaf, doc, FieldNames.multi(name, vp.generation()));
        return b == null ? null : new VectorValue.Multi(LateInteractionField.decode(b));
    }

    private static BytesRef binary(LeafReader leaf, int doc, String field) throws IOException {
        BinaryDocValues values = leaf.getBinaryDocValues(field);
        return values != null && values.advanceExact(doc) ? values.binaryValue() : null;
    }

    /** The count, then the indices, then the weights (sorted by index, as the value holds them). */
    static BytesRef encode(VectorValue.Sparse v) {
        int n = v.indices().length;
        ByteBuffer buf = ByteBuffer.allocate(Integer.BYTES * (1 + 2 * n)).putInt(n);
        for (int index : v.indices()) {
            buf.putInt(index);
        }
        for (float x : v.values()) {
            buf.putFloat(x);
        }
        return new BytesRef(buf.array());
    }

    /**
     * {@link VectorValue.Sparse#dot} of {@code q} with a stored vector, read in place: a search scores every point
     * sharing a dimension, so nothing is allocated per point.
     */
    public static float dot(VectorValue.Sparse q, BytesRef stored) {
        ByteBuffer buf = ByteBuffer.wrap(stored.bytes, stored.offset, stored.length);
        int n = buf.getInt();
        int base = stored.offset + Integer.BYTES;
        int[] qi = q.indices();
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < qi.length && j < n) {
            int c = Integer.compareUnsigned(qi[i], buf.getInt(base + j * Integer.BYTES));
            if (c == 0) {
                sum += (double) q.values()[i++] * buf.getFloat(base + (n + j++) * Integer.BYTES);
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return (float) sum;
    }

    public static VectorValue.Sparse decode(BytesRef b) {
        ByteBuffer buf = ByteBuffer.wrap(b.bytes, b.offset, b.length);
        int n = buf.getInt();
        int[] indices = new int[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            indices[i] = buf.getInt();
        }
        for (int i = 0; i < n; i++) {
            values[i] = buf.getFloat();
        }
        return new VectorValue.Sparse(indices, values);
    }
}
