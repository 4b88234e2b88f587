package io.atoll.storage.index;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.MergePolicy.OneMerge;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.DataAccessHint;

/**
 * A merge that builds afresh the HNSW graphs its sources built with other settings than it writes. Lucene's graph
 * merger starts from the largest source graph and never checks its {@code m}: a graph of m 16 carried into a
 * segment written as m 8 holds more neighbours per node than its reader makes room for, and searching it fails
 * (Lucene never changes a field's m; Atoll's {@code hnsw_config} does). It would also keep the old graph's
 * settings while the segment records the new ones. The merge keeps its sources' segment infos; when the vectors
 * of a field are merged, the format writing them (whose settings are the ones that count, even if the params
 * changed since the merge began) hides the graphs of the sources recorded otherwise ({@link #forGraph}), and their
 * vectors are inserted one by one.
 */
final class GraphRebuild extends OneMerge {
    /** Each source's segment info (null: not a segment), in the order of the merge's readers. */
    private final List<SegmentInfo> sources = new CopyOnWriteArrayList<>();

    GraphRebuild(OneMerge merge) {
        super(merge);
    }

    @Override
    public CodecReader wrapForMerge(CodecReader reader) throws IOException {
        CodecReader r = super.wrapForMerge(reader);
        sources.add(FilterCodecReader.unwrap(r) instanceof SegmentReader sr ? sr.getSegmentInfo().info : null);
        return r;
    }

    /**
     * {@code merge} for merging {@code field} into a graph of settings {@code graph}: itself, or a copy whose
     * vector readers of sources built otherwise, or not known to be built alike, offer no graph to reuse.
     */
    static MergeState forGraph(MergeState merge, String field, String graph) {
        KnnVectorsReader[] readers = merge.knnVectorsReaders.clone();
        // Not one info a reader (a merge Atoll did not wrap, or readers left out of it): nothing is known alike.
        List<SegmentInfo> infos = merge.oneMerge instanceof GraphRebuild g && g.sources.size() == readers.length
                ? g.sources : null;
        boolean hidden = false;
        for (int i = 0; i < readers.length; i++) {
            SegmentInfo source = infos == null ? null : infos.get(i);
            if (readers[i] != null && (source == null || !graph.equals(VectorFormat.graphOf(source, field)))) {
                readers[i] = new Vectors(readers[i]);
                hidden = true;
            }
        }
        return !hidden ? merge : new MergeState(merge.docMaps, merge.segmentInfo, merge.mergeFieldInfos,
                merge.storedFieldsReaders, merge.termVectorsReaders, merge.normsProducers, merge.docValuesProducers,
                merge.fieldInfos, merge.liveDocs, merge.fieldsProducers, merge.pointsReaders, readers, merge.maxDocs,
                merge.infoStream, merge.intraMergeTaskExecutor, merge.needsIndexSort, merge.oneMerge);
    }

    /**
     * Everything of a source's vectors but its graphs (it is no {@code HnswGraphProvider}, nor the per-field reader
     * the graph merger looks into); the merge's own reader is finished and closed by the merge, not by this.
     */
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
