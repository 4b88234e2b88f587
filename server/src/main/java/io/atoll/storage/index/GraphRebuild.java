package io.atoll.storage.index;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.DataAccessHint;

/**
 * Builds afresh the HNSW graphs a merge's sources built with other settings than it writes. Lucene's graph merger
 * starts from the largest source graph and never checks its {@code m}: a graph of m 16 carried into a segment
 * written as m 8 holds more neighbours per node than its reader makes room for, and searching it fails (Lucene
 * never changes a field's m; Atoll's {@code hnsw_config} does). It would also keep the old graph's settings while
 * the segment records the new ones. Each source's field records the settings its graph was built with
 * ({@link VectorFormat#graphOf}); when the vectors of a field are merged, the format writing them (whose settings
 * are the ones that count, even if the params changed since the merge began) hides the graphs of the sources
 * recorded otherwise, and their vectors are inserted one by one.
 */
final class GraphRebuild {
    private GraphRebuild() {
    }

    /**
     * {@code merge} for merging {@code field} into a graph of settings {@code graph}: itself, or a copy whose
     * vector readers of sources built otherwise, or not known to be built alike, offer no graph to reuse.
     */
    static MergeState forGraph(MergeState merge, String field, String graph) {
        KnnVectorsReader[] readers = merge.knnVectorsReaders.clone();
        boolean hidden = false;
        for (int i = 0; i < readers.length; i++) {
            FieldInfo source = merge.fieldInfos[i].fieldInfo(field);
            // A source without the field (it has other vector fields) gives the graph merger nothing of it.
            if (readers[i] != null && source != null && !graph.equals(VectorFormat.graphOf(source))) {
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
