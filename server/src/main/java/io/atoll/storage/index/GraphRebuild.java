package io.atoll.storage.index;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.MergePolicy.OneMerge;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.DataAccessHint;

/**
 * A merge that builds the HNSW graphs afresh of the segments whose graphs were built with other settings than the
 * codec's now. Lucene's graph merger starts from the largest source graph and never checks its {@code m}: a graph
 * of m 16 carried into a segment written as m 8 holds more neighbours per node than its reader makes room for,
 * and searching it fails (Lucene issue 12570; Lucene never changes a field's m, Atoll's {@code hnsw_config}
 * does). It also keeps the old graph's settings while the segment records the new ones. So such a segment's vector
 * reader is shown to the merge without its graph, and the merge inserts its vectors one by one.
 */
final class GraphRebuild extends OneMerge {
    private final IndexCodec codec;

    GraphRebuild(OneMerge merge, IndexCodec codec) {
        super(merge);
        this.codec = codec;
    }

    @Override
    public CodecReader wrapForMerge(CodecReader reader) throws IOException {
        CodecReader r = super.wrapForMerge(reader);
        return FilterCodecReader.unwrap(r) instanceof SegmentReader sr && stale(sr.getSegmentInfo().info, r)
                ? new WithoutGraphs(r) : r;
    }

    /**
     * Whether a vector field of {@code segment} has a graph built otherwise than the codec builds it now, or of
     * settings not recorded (segments written before they were: nothing says their graphs may be reused).
     */
    private boolean stale(SegmentInfo segment, CodecReader reader) {
        for (FieldInfo f : reader.getFieldInfos()) {
            String now = codec.getKnnVectorsFormatForField(f.name).graph();
            if (f.getVectorDimension() > 0 && !now.equals(VectorFormat.graphOf(segment, f.name))) {
                return true;
            }
        }
        return false;
    }

    /** The reader with a vector reader that offers no graph to reuse (it is no {@code HnswGraphProvider}). */
    private static final class WithoutGraphs extends FilterCodecReader {
        WithoutGraphs(CodecReader in) {
            super(in);
        }

        @Override
        public KnnVectorsReader getVectorReader() {
            KnnVectorsReader v = in.getVectorReader();
            return v == null ? null : new Vectors(v);
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return null;
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return null;
        }
    }

    /** Everything of a segment's vectors but its graphs; owned by the segment, so closing it closes nothing. */
    private static final class Vectors extends KnnVectorsReader {
        private final KnnVectorsReader in;

        Vectors(KnnVectorsReader in) {
            this.in = in;
        }

        @Override
        public void checkIntegrity() throws IOException {
            in.checkIntegrity();
        }

        @Override
        public FloatVectorValues getFloatVectorValues(String field) throws IOException {
            return in.getFloatVectorValues(field);
        }

        @Override
        public FloatVectorValues getFloatVectorValues(String field, DataAccessHint hint) throws IOException {
            return in.getFloatVectorValues(field, hint);
        }

        @Override
        public ByteVectorValues getByteVectorValues(String field) throws IOException {
            return in.getByteVectorValues(field);
        }

        @Override
        public void search(String field, float[] target, KnnCollector collector, AcceptDocs accept)
                throws IOException {
            in.search(field, target, collector, accept);
        }

        @Override
        public void search(String field, byte[] target, KnnCollector collector, AcceptDocs accept)
                throws IOException {
            in.search(field, target, collector, accept);
        }

        @Override
        public KnnVectorsReader getMergeInstance() throws IOException {
            return new Vectors(in.getMergeInstance());
        }

        @Override
        public void finishMerge() throws IOException {
            in.finishMerge();
        }

        @Override
        public int getVectorCount(FieldInfo field) throws IOException {
            return in.getVectorCount(field);
        }

        @Override
        public Map<String, Long> getOffHeapByteSize(FieldInfo field) {
            return in.getOffHeapByteSize(field);
        }

        @Override
        public void close() {
        }
    }
}
