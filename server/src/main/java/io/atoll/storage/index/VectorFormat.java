package io.atoll.storage.index;

import io.atoll.schema.VectorParams;
import java.io.IOException;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.util.IORunnable;

/**
 * One of Lucene's HNSW formats with the dimension limit raised from 1024 to Atoll's 4096, which records the
 * encoding it wrote each field with in the segment ({@link #encodingOf}) and the graph settings on the field
 * ({@link #graphOf}): that is how a shard finds the segments written before its quantization_config or hnsw_config
 * changed, and how a merge knows which graphs it may reuse. It writes under the wrapped format's name, so segments
 * are read back (and merged) by Lucene's own reader found through SPI, whatever Atoll version reads them.
 */
final class VectorFormat extends KnnVectorsFormat {
    /** The encoding of segments written before encodings were recorded: Lucene's float HNSW format. */
    static final String FLOAT = "float32";
    private static final String KEY = "atoll.encoding.";
    private static final String GRAPH_KEY = "atoll.graph";

    private final KnnVectorsFormat delegate;
    private final String encoding;
    private final String graph;

    /** {@code graph}: the HNSW settings the graphs are built with, as recorded ("m=16,ef_construct=100"). */
    VectorFormat(KnnVectorsFormat delegate, String encoding, String graph) {
        super(delegate.getName());
        this.delegate = delegate;
        this.encoding = encoding;
        this.graph = graph;
    }

    String encoding() {
        return encoding;
    }

    String graph() {
        return graph;
    }

    /**
     * The graph settings a segment's graph of {@code field} was built with; null for segments written before they
     * were recorded on the field: no merge reuses their graphs ({@link GraphRebuild}), and only those of the
     * 2026-12-06 version, which recorded them on the segment, are rewritten for that alone ({@link #legacyGraphOf};
     * older ones not all at once on upgrade). Recorded on the field, not the segment, because a merge sees its
     * sources' fields ({@code MergeState.fieldInfos}) but not their segment infos.
     */
    static String graphOf(FieldInfo field) {
        return field.getAttribute(GRAPH_KEY);
    }

    /** The graph settings the 2026-12-06 version recorded on {@code segment} for {@code field}, or null. */
    static String legacyGraphOf(org.apache.lucene.index.SegmentInfo segment, String field) {
        return segment.getAttribute(GRAPH_KEY + "." + field);
    }

    /** The encoding {@code segment} holds {@code field}'s vectors in. */
    static String encodingOf(org.apache.lucene.index.SegmentInfo segment, String field) {
        String e = segment.getAttribute(KEY + field);
        return e == null ? FLOAT : e;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        KnnVectorsWriter w = delegate.fieldsWriter(state);
        return new KnnVectorsWriter() {
            @Override
            public KnnFieldVectorsWriter<?> addField(FieldInfo field) throws IOException {
                record(state, field);
                return w.addField(field);
            }

            @Override
            public IORunnable mergeOneField(FieldInfo field, MergeState merge) throws IOException {
                record(state, field);
                return w.mergeOneField(field, GraphRebuild.forGraph(merge, field.name, graph));
            }

            @Override
            public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
                w.flush(maxDoc, sortMap);
            }

            @Override
            public void finish() throws IOException {
                w.finish();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }

            @Override
            public long ramBytesUsed() {
                return w.ramBytesUsed();
            }
        };
    }

    private void record(SegmentWriteState state, FieldInfo field) {
        state.segmentInfo.putAttribute(KEY + field.name, encoding);
        // Always put: a merged field starts with the attributes of its sources' fields.
        field.putAttribute(GRAPH_KEY, graph);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return VectorParams.MAX_DIMENSION;
    }

    @Override
    public String toString() {
        return "VectorFormat(" + encoding + ", " + graph + ", " + delegate + ")";
    }
}
