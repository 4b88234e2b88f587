package io.atoll.shard.engine;

import io.atoll.storage.index.VectorFields;
import io.atoll.schema.SparseVectorParams;
import io.atoll.query.SparseCounts;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ExampleQuery;
import io.atoll.query.FacetQuery;
import io.atoll.query.OrderedScroll;
import io.atoll.query.RandomSample;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.FacetCounts;
import io.atoll.storage.index.FilterQueryCompiler;
import io.atoll.storage.index.OrderedValues;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.TextAnalysis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The read side of a shard's engine: compiles filters against the collection's payload schema (text fields go
 * through their index's analysis) and runs every read on the latest refreshed searcher. It sees what the engine last made
 * visible ({@link #refresh}); writes and the versions they carry stay with {@link LuceneShardEngine}.
 */
final class EngineReads implements ShardQueries {
    interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private final SearcherManager searchers;
    private volatile CollectionParams params;
    private volatile FilterQueryCompiler compiler;

    EngineReads(SearcherManager searchers, CollectionParams params, TextAnalysis text, Set<String> unsettled) {
        this.searchers = searchers;
        updateParams(params, text, unsettled);
    }

    CollectionParams params() {
        return params;
    }

    /**
     * Reads from now on follow {@code p}, with full text analysed as {@code text} says; {@code unsettled} are the
     * paths whose points may still carry tokens of other options (matched on their payload until analysed again).
     */
    void updateParams(CollectionParams p, TextAnalysis text, Set<String> unsettled) {
        this.compiler = new FilterQueryCompiler(text, unsettled, p);
        this.params = p;
    }

    /** Makes what the writer holds visible to the reads that start from now on. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Runs a read on the latest refreshed searcher and releases it. */
    <T> T read(SearcherFunction<T> f) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return f.apply(s);
        } finally {
            searchers.release(s);
        }
    }

    private Query live(Filter filter) {
        return and(PointDocuments.liveQuery(), compiler.compile(filter));
    }

    List<PointId> matchingIds(Filter filter) throws IOException {
        Query q = live(filter);
        return read(s -> ShardReads.matchingIds(s, q));
    }

    List<ScoredPoint> search(VectorQuery q) throws IOException {
        // Tombstones have no vectors and replaced documents are deleted, so an unfiltered vector search sees
        // live points only; a filter (which costs a bit set per segment and query) is built only when asked.
        Query filter = q.filter() == null || q.filter().isEmpty() ? null : live(q.filter());
        if (!q.exclude().isEmpty()) {
            filter = new BooleanQuery.Builder()
                    .add(filter == null ? PointDocuments.liveQuery() : filter, Occur.FILTER)
                    .add(ShardReads.idsQuery(q.exclude()), Occur.MUST_NOT)
                    .build();
        }
        Query f = filter;
        CollectionParams p = params;
        return read(s -> ShardReads.search(s, p, q, f));
    }

    @Override
    public List<ScoredPoint> search(ExampleQuery q) throws IOException {
        Query filter = q.filter() == null || q.filter().isEmpty() ? null : live(q.filter());
        CollectionParams p = params;
        return read(s -> ShardReads.search(s, p, q, filter));
    }

    @Override
    public FacetQuery.Hits facet(FacetQuery q) throws IOException {
        Query filter = live(q.filter());
        FacetCounts.Kind kind = FacetCounts.Kind.valueOf(q.kind().name());
        Map<Object, Long> counts = read(s -> FacetCounts.count(s, filter, q.key(), kind));
        List<FacetQuery.Hit> hits = new ArrayList<>();
        counts.forEach((v, n) -> hits.add(new FacetQuery.Hit(v, n)));
        hits.sort(FacetQuery.ORDER);
        return new FacetQuery.Hits(hits.subList(0, Math.min(q.perShard(), hits.size())));
    }

    @Override
    public OrderedScroll.Entries orderedScroll(OrderedScroll q) throws IOException {
        Query filter = live(q.filter());
        CollectionParams p = params;
        OrderedValues.Kind kind = OrderedValues.Kind.valueOf(q.kind().name());
        return read(s -> {
            List<OrderedScroll.Entry> out = new ArrayList<>();
            for (OrderedValues.Entry e : OrderedValues.first(s, filter, q.key(), kind, q.descending(), q.startFrom(),
                    q.limit())) {
                out.add(new OrderedScroll.Entry(ShardReads.point(s, p, e.doc(), q.withPayload(), q.withVector(), null),
                        e.value()));
            }
            out.sort(q.order());
            return new OrderedScroll.Entries(out.subList(0, Math.min(q.limit(), out.size())));
        });
    }

    /** A reservoir draw over the filter's live points; each of them is as likely to be drawn. */
    @Override
    public RandomSample.Drawn sample(RandomSample q) throws IOException {
        Query filter = live(q.filter());
        CollectionParams p = params;
        return read(s -> {
            Random random = ThreadLocalRandom.current();
            List<Integer> kept = new ArrayList<>();
            long seen = 0;
            Weight w = s.createWeight(s.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Scorer scorer = w.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    seen++;
                    if (kept.size() < q.limit()) {
                        kept.add(leaf.docBase + doc);
                    } else {
                        long slot = random.nextLong(seen);
                        if (slot < q.limit()) {
                            kept.set((int) slot, leaf.docBase + doc);
                        }
                    }
                }
            }
            Collections.shuffle(kept, random);
            List<ScoredPoint> points = new ArrayList<>();
            for (int doc : kept) {
                points.add(ShardReads.point(s, p, doc, q.withPayload(), q.withVector(), null));
            }
            return new RandomSample.Drawn(seen, points);
        });
    }

    ScrollPage scroll(ScrollQuery q) throws IOException {
        Query query = live(q.filter());
        CollectionParams p = params;
        return read(s -> ShardReads.scroll(s, p, query, q));
    }

    long count(Filter filter) throws IOException {
        Query q = live(filter);
        return read(s -> s.count(q));
    }

    List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector)
            throws IOException {
        CollectionParams p = params;
        return read(s -> ShardReads.retrieve(s, p, ids, withPayload, withVector));
    }

    long countWithPayloadKey(String path) throws IOException {
        String canonical = PayloadPaths.canonical(path);
        Query q = and(PointDocuments.liveQuery(), PointDocuments.nonEmptyPath(canonical == null ? path : canonical));
        return read(s -> s.count(q));
    }

    /** The counts, with the optimizer's state {@code optimizer} tells from the same segments. */
    ShardStats stats(long appliedSeq, long committedSeq, Optimizer optimizer) throws IOException {
        CollectionParams p = params;
        return read(s -> {
            // a failure counts while its work is left: not once other merges or a params change made it moot
            boolean busy = optimizer.busy(s.getIndexReader(), p);
            return ShardReads.stats(s, p, appliedSeq, committedSeq).optimizer(busy, busy ? optimizer.failure() : null);
        });
    }

    /** What the writer side knows of merges and rewrites. */
    interface Optimizer {
        boolean busy(IndexReader reader, CollectionParams params) throws IOException;

        String failure();
    }

    @Override
    public SparseCounts sparseCounts(String using, int[] dimensions, Filter corpus) throws IOException {
        SparseVectorParams sp = params.sparseVector(using);
        if (sp == null) {
            return new SparseCounts(0, new long[dimensions.length]);
        }
        // tombstones hold no sparse vector and replaced documents are deleted: counts see live points only
        Query within = corpus == null || corpus.isEmpty() ? null : live(corpus);
        return read(s -> {
            long[] holding = new long[dimensions.length];
            for (int i = 0; i < dimensions.length; i++) {
                Query q = VectorFields.holding(using, sp, dimensions[i]);
                holding[i] = s.count(within == null ? q : and(within, q));
            }
            Query all = VectorFields.holding(using, sp);
            return new SparseCounts(s.count(within == null ? all : and(within, all)), holding);
        });
    }

    static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    void close() throws IOException {
        searchers.close();
    }
}
