package io.atoll.storage.index;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentReader;

/**
 * Rewrites the segments whose vectors are encoded, or whose graphs were built, otherwise than the codec now writes
 * them (a quantization_config set, changed or removed; an hnsw_config changed), as Qdrant's config-mismatch
 * optimizer rebuilds them: each such segment is merged alone, which re-encodes its vectors from the original
 * floats. Merges only carry new settings into the segments they happen to pick, and a settled shard of one
 * segment is never picked again. The rewrite rides on {@link IndexWriter#forceMergeDeletes}, which asks the policy
 * for {@link #findForcedDeletesMerges}: while a rewrite runs that answers the stale segments, else what the wrapped
 * policy answers. Called by the one thread that settles the shard.
 */
public final class FormatRewriting extends FilterMergePolicy {
    private volatile Set<String> rewriting = Set.of();

    FormatRewriting(MergePolicy in) {
        super(in);
    }

    /** The wrapped policy (for its settings). */
    public MergePolicy policy() {
        return in;
    }

    /**
     * The names of the segments of {@code reader} holding a vector field in another encoding, or with a graph of
     * other settings, than {@code codec} writes it with now.
     */
    public static Set<String> stale(IndexReader reader, IndexCodec codec) {
        Set<String> names = new HashSet<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            if (!(leaf.reader() instanceof SegmentReader sr)) {
                continue;
            }
            for (FieldInfo f : sr.getFieldInfos()) {
                if (f.getVectorDimension() > 0 && stale(sr.getSegmentInfo().info, f, codec)) {
                    names.add(sr.getSegmentName());
                }
            }
        }
        return names;
    }

    private static boolean stale(SegmentInfo segment, FieldInfo field, IndexCodec codec) {
        VectorFormat now = codec.getKnnVectorsFormatForField(field.name);
        String recorded = VectorFormat.graphOf(field);
        String graph = recorded != null ? recorded : VectorFormat.legacyGraphOf(segment, field.name);
        return !VectorFormat.encodingOf(segment, field.name).equals(now.encoding())
                || graph != null && !graph.equals(now.graph());
    }

    /** Rewrites the segments named (those still there) one by one and waits for it. */
    public void rewrite(IndexWriter writer, Set<String> segments) throws IOException {
        rewriting = Set.copyOf(segments);
        try {
            writer.forceMergeDeletes(true);
        } finally {
            rewriting = Set.of();
        }
    }

    @Override
    public MergeSpecification findForcedDeletesMerges(SegmentInfos infos, MergeContext context) throws IOException {
        Set<String> names = rewriting;
        if (names.isEmpty()) {
            return super.findForcedDeletesMerges(infos, context);
        }
        MergeSpecification spec = new MergeSpecification();
        for (SegmentCommitInfo info : infos) {
            if (names.contains(info.info.name) && !context.getMergingSegments().contains(info)) {
                spec.add(new OneMerge(List.of(info)));
            }
        }
        return spec.merges.isEmpty() ? null : spec;
    }
}
