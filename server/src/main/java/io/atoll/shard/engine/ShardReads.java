package io.atoll.shard.engine;

import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ExampleQuery;
import io.atoll.query.QuantizationHints;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.Quantization;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorParams;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.VectorFields;
import io.atoll.point.VectorValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/** The read side of the Lucene engine: vector search (HNSW or exact) and turning documents into points. Stateless. */
final class ShardReads {
    /** Manhattan is searched on a Euclidean graph; this many times more candidates are re-ranked exactly. */
    private static final int MANHATTAN_OVERSAMPLING = 2;
    /** The most candidates oversampling takes from a quantized search (it would otherwise be a scan). */
    private static final int MAX_OVERSAMPLED = 10_000;
    private static final QuantizationHints NO_HINTS = new QuantizationHints(false, null, null);

    private ShardReads() {
    }

    record Candidate(int doc, float score) {
    }

    /** {@code filter} null means every live point. */
    static List<ScoredPoint> search(IndexSearcher s, CollectionParams params, VectorQuery q, Query filter)
            throws IOException {
        int k = q.limit() + q.offset();
        if (k <= 0) {
            return List.of();
        }
        SparseVectorParams sp = params.sparseVector(q.using());
        VectorParams vp = params.vector(q.using());
        boolean sparseQuery = q.vector() instanceof VectorValue.Sparse;
        boolean multiQuery = q.vector() instanceof VectorValue.Multi;
        if (sp == null && vp == null || (sp != null) != sparseQuery || vp != null && vp.isMulti() != multiQuery) {
            // the coordinator checked the query against newer params than this replica has applied yet
            throw AtollException.unavailable("Service unavailable: vector " + q.using() + " changed its kind while "
                    + "this search ran; try again");
        }
        Distance d = sp != null ? Distance.DOT : vp.distance();
        List<Candidate> candidates;
        if (sp != null) {
            candidates = SparseAndMultiSearch.sparse(s, VectorFields.sparseTermsField(q.using(), sp),
                    VectorFields.sparseValuesField(q.using(), sp), (VectorValue.Sparse) q.vector(), filter, k);
        } else if (vp.isMulti()) {
            candidates = SparseAndMultiSearch.multi(s, VectorFields.multiField(q.using(), vp),
                    ((VectorValue.Multi) q.vector()).vectors(), d, filter, k);
        } else if (q.exact() || vp.hnsw(params.hnsw()).m() == 0) {
            candidates = exact(s, PointDocuments.vectorField(q.using(), vp), filter, v -> d.score(q.dense(), v),
                    (a, b) -> d.compareBestFirst(a, b), k);
        } else {
            candidates = approximate(s, params, vp, q, filter, k);
        }
        Comparator<Candidate> bestFirst = (a, b) -> d.compareBestFirst(a.score, b.score);
        candidates.sort(bestFirst);
        List<ScoredPoint> out = new ArrayList<>();
        int skipped = 0;
        for (Candidate c : candidates) {
            if (q.scoreThreshold() != null && !d.passes(c.score, q.scoreThreshold())) {
                break;
            }
            if (skipped++ < q.offset()) {
                continue;
            }
            out.add(point(s, params, c.doc, q.withPayload(), q.withVector(), c.score));
            if (out.size() == q.limit()) {
                break;
            }
        }
        return out;
    }

    /** Every admitted point scored against example vectors, largest first; always a scan. */
    static List<ScoredPoint> search(IndexSearcher s, CollectionParams params, ExampleQuery q, Query filter)
            throws IOException {
        VectorParams vp = params.vector(q.using());
        Distance d = vp.distance();
        if (q.limit() <= 0) {
            return List.of();
        }
        ScoreOrder largestFirst = (a, b) -> Float.compare(b, a);
        List<Candidate> candidates = exact(s, PointDocuments.vectorField(q.using(), vp), filter,
                v -> q.scoring().score(d, v), largestFirst, q.limit());
        candidates.sort((a, b) -> largestFirst.compareBestFirst(a.score, b.score));
        List<ScoredPoint> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (q.scoreThreshold() != null && c.score < q.scoreThreshold()) {
                break;
            }
            out.add(point(s, params, c.doc, q.withPayload(), q.withVector(), c.score));
        }
        return out;
    }

    /**
     * HNSW search. Lucene's graph scores are exact for float vectors and estimates for quantized ones; the hits
     * scored again with the original vectors are Manhattan's (searched on a Euclidean graph) and, under
     * quantization, the best {@code limit · oversampling} when rescoring (every hit when told to ignore the
     * quantization: Lucene cannot walk a quantized graph with float scores). Rescored or not, only those are kept:
     * a list mixing estimates and exact scores would have no order.
     */
    private static List<Candidate> approximate(IndexSearcher s, CollectionParams params, VectorParams vp,
                                               VectorQuery q, Query filter, int k) throws IOException {
        Quantization quantized = vp.quantization(params.quantization());
        QuantizationHints h = q.quantization() == null ? NO_HINTS : q.quantization();
        boolean ignore = quantized != null && h.ignore();
        boolean rescore = quantized != null
                && (ignore || (h.rescore() != null ? h.rescore() : quantized.rescoresByDefault()));
        int top = quantized == null || h.oversampling() == null ? k
                : (int) Math.clamp(h.oversampling() * k, k, Math.max(k, MAX_OVERSAMPLED));
        int ef = Math.max(q.hnswEf() != null ? q.hnswEf() : vp.hnsw(params.hnsw()).efConstruct(), top);
        boolean manhattan = vp.distance() == Distance.MANHATTAN;
        if (manhattan) {
            ef *= MANHATTAN_OVERSAMPLING;
        }
        String field = PointDocuments.vectorField(q.using(), vp);
        KnnFloatVectorQuery knn = filter == null ? new KnnFloatVectorQuery(field, q.dense(), ef)
                : new FilteredKnnQuery(field, q.dense(), ef, filter,
                        q.acornMaxSelectivity() == null ? 0 : q.acornMaxSelectivity(),
                        FilteredKnnQuery.fullScanPoints(vp.hnsw(params.hnsw()).fullScanThreshold(), vp.size()));
        ScoreDoc[] hits = s.search(knn, ef).scoreDocs;
        int kept = quantized == null || ignore ? hits.length
                : Math.min(hits.length, manhattan ? top * MANHATTAN_OVERSAMPLING : top);
        ScoreDoc[] candidates = Arrays.copyOf(hits, kept);
        if (manhattan || rescore) {
            return rescored(s, field, candidates, v -> vp.distance().score(q.dense(), v));
        }
        List<Candidate> out = new ArrayList<>(kept);
        for (ScoreDoc sd : candidates) {
            out.add(new Candidate(sd.doc, PointDocuments.qdrantScore(vp.distance(), sd.score)));
        }
        return out;
    }

    /** {@code hits} scored with their original vectors, read leaf by leaf in document order. */
    private static List<Candidate> rescored(IndexSearcher s, String field, ScoreDoc[] hits, VectorScorer scoring)
            throws IOException {
        Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
        List<Candidate> out = new ArrayList<>(hits.length);
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        int i = 0;
        while (i < hits.length) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hits[i].doc, leaves));
            int end = leaf.docBase + leaf.reader().maxDoc();
            FloatVectorValues values = PointDocuments.vectorValues(leaf.reader(), field);
            KnnVectorValues.DocIndexIterator it = values == null ? null : values.iterator();
            for (; i < hits.length && hits[i].doc < end; i++) {
                int doc = hits[i].doc - leaf.docBase;
                if (it != null && it.docID() < doc) {
                    it.advance(doc);
                }
                if (it != null && it.docID() == doc) {
                    out.add(new Candidate(hits[i].doc, scoring.score(values.vectorValue(it.index()))));
                }
            }
        }
        return out;
    }

    /** How a scan scores one stored vector. */
    private interface VectorScorer {
        float score(float[] stored);
    }

    /** How scores compare, best first. */
    private interface ScoreOrder {
        int compareBestFirst(float a, float b);
    }

    /** Brute force over every point the filter admits: exact top k by {@code scoring}. */
    private static List<Candidate> exact(IndexSearcher s, String field, Query filter, VectorScorer scoring,
                                         ScoreOrder order, int k) throws IOException {
        Comparator<Candidate> worstFirst = (a, b) -> order.compareBestFirst(b.score, a.score);
        PriorityQueue<Candidate> top = new PriorityQueue<>(worstFirst);
        Query all = filter == null ? new MatchAllDocsQuery() : filter;
        Weight w = s.createWeight(s.rewrite(all), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            FloatVectorValues values = PointDocuments.vectorValues(leaf.reader(), field);
            if (scorer == null || values == null) {
                continue;
            }
            // A scorer walked by hand still yields deleted documents (replaced versions awaiting a merge).
            Bits live = leaf.reader().getLiveDocs();
            KnnVectorValues.DocIndexIterator vit = values.iterator();
            DocIdSetIterator fit = scorer.iterator();
            for (int doc = fit.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = fit.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                if (vit.docID() < doc) {
                    vit.advance(doc);
                }
                if (vit.docID() != doc) {
                    continue;
                }
                float score = scoring.score(values.vectorValue(vit.index()));
                top.add(new Candidate(leaf.docBase + doc, score));
                if (top.size() > k) {
                    top.poll();
                }
            }
        }
        return new ArrayList<>(top);
    }

    static Query idsQuery(java.util.Collection<PointId> ids) {
        return new TermInSetQuery(PointDocuments.idField(), ids.stream().map(id -> new BytesRef(id.key())).toList());
    }

    /** Live points matching {@code query} in id order from the offset, and the id the next page starts at. */
    static ScrollPage scroll(IndexSearcher s, CollectionParams params, Query query, ScrollQuery q) throws IOException {
        if (q.offset() != null) {
            query = EngineReads.and(query, new TermRangeQuery(PointDocuments.idField(),
                    new BytesRef(q.offset().key()), null, true, false));
        }
        Sort byId = new Sort(new SortField(PointDocuments.idField(), SortField.Type.STRING));
        TopDocs td = s.search(query, q.limit() + 1, byId);
        List<ScoredPoint> points = new ArrayList<>();
        PointId next = null;
        for (int i = 0; i < td.scoreDocs.length; i++) {
            if (i == q.limit()) {
                next = stored(s, td.scoreDocs[i].doc, false).id();
                break;
            }
            points.add(point(s, params, td.scoreDocs[i].doc, q.withPayload(), q.withVector(), null));
        }
        return new ScrollPage(points, next);
    }

    /** The live points among {@code ids}, in the order asked. */
    static List<ScoredPoint> retrieve(IndexSearcher s, CollectionParams params, List<PointId> ids,
                                      PayloadSelector withPayload, VectorSelector withVector) throws IOException {
        TopDocs td = s.search(EngineReads.and(PointDocuments.liveQuery(), idsQuery(ids)), Math.max(1, ids.size()));
        Map<PointId, ScoredPoint> found = new HashMap<>();
        for (ScoreDoc sd : td.scoreDocs) {
            ScoredPoint p = point(s, params, sd.doc, withPayload, withVector, null);
            found.put(p.id(), p);
        }
        List<ScoredPoint> out = new ArrayList<>();
        for (PointId id : ids) {
            ScoredPoint p = found.remove(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    static ShardStats stats(IndexSearcher s, CollectionParams params, long appliedSeq, long committedSeq)
            throws IOException {
        long points = s.count(PointDocuments.liveQuery());
        long vectors = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            for (Map.Entry<String, VectorParams> v : params.vectors().entrySet()) {
                FloatVectorValues values = PointDocuments.vectorValues(leaf.reader(),
                        PointDocuments.vectorField(v.getKey(), v.getValue()));
                if (values != null) {
                    vectors += values.size();
                }
            }
        }
        // vectors of overwritten or deleted documents linger until merges; never report more than exist
        long maxVectors = points * params.vectors().size();
        return new ShardStats(points, Math.min(vectors, maxVectors), s.getIndexReader().leaves().size(), appliedSeq,
                committedSeq, storedBytes(s), false, null);
    }

    /** Each segment's stored-field bytes: segments never change, so each is measured once (weakly held). */
    private static final Map<Object, Long> STORED_BYTES =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Stored-field bytes (payloads and ids) of the live documents, looked up in compound files where needed. */
    private static long storedBytes(IndexSearcher s) throws IOException {
        double total = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            if (!(leaf.reader() instanceof org.apache.lucene.index.SegmentReader sr) || sr.maxDoc() == 0) {
                continue;
            }
            Object key = sr.getCoreCacheHelper().getKey();
            Long bytes = STORED_BYTES.get(key);
            if (bytes == null) {
                bytes = segmentStoredBytes(sr.getSegmentInfo().info);
                STORED_BYTES.put(key, bytes);
            }
            total += bytes * (double) sr.numDocs() / sr.maxDoc();
        }
        return (long) total;
    }

    /** The .fdt files of one segment: its own files, or the entries of its compound file. */
    private static long segmentStoredBytes(org.apache.lucene.index.SegmentInfo info) throws IOException {
        long bytes = 0;
        if (info.getUseCompoundFile()) {
            try (org.apache.lucene.store.Directory cfs = info.getCodec().compoundFormat().getCompoundReader(info.dir,
                    info)) {
                for (String f : cfs.listAll()) {
                    if (f.endsWith(".fdt")) {
                        bytes += cfs.fileLength(f);
                    }
                }
            }
        } else {
            for (String f : info.files()) {
                if (f.endsWith(".fdt")) {
                    bytes += info.dir.fileLength(f);
                }
            }
        }
        return bytes;
    }

    static LeafReaderContext leaf(IndexSearcher s, int doc) {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        return leaves.get(ReaderUtil.subIndex(doc, leaves));
    }

    static PointDocuments.Stored stored(IndexSearcher s, int doc, boolean withPayload) throws IOException {
        LeafReaderContext leaf = leaf(s, doc);
        return PointDocuments.readStored(leaf.reader(), doc - leaf.docBase, withPayload);
    }

    static ScoredPoint point(IndexSearcher s, CollectionParams params, int doc, PayloadSelector withPayload,
                             VectorSelector withVector, Float score) throws IOException {
        LeafReaderContext leaf = leaf(s, doc);
        PointDocuments.Stored st = PointDocuments.readStored(leaf.reader(), doc - leaf.docBase, withPayload.wantsPayload());
        Map<String, VectorValue> vectors = withVector.wantsAny()
                ? PointDocuments.readVectors(leaf.reader(), doc - leaf.docBase, params, withVector::wants)
                : Map.of();
        return new ScoredPoint(st.id(), st.version(), score,
                st.payload() == null ? null : withPayload.select(st.payload()), vectors);
    }

    /** The ids of the documents {@code q} matches, deleted (replaced) documents left out. */
    static List<PointId> matchingIds(IndexSearcher s, Query q) throws IOException {
        List<PointId> out = new ArrayList<>();
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            SortedDocValues ids = leaf.reader().getSortedDocValues(PointDocuments.idField());
            if (scorer == null || ids == null) {
                continue;
            }
            // A scorer walked by hand still yields deleted documents (replaced versions awaiting a merge).
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live == null || live.get(doc)) && ids.advanceExact(doc)) {
                    out.add(PointId.fromKey(BytesRef.deepCopyOf(ids.lookupOrd(ids.ordValue())).bytes));
                }
            }
        }
        return out;
    }
}
