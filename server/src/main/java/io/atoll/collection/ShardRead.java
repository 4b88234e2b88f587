package io.atoll.collection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.atoll.codec.WireCodec;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
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
import io.atoll.query.SparseCounts;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.shard.engine.ShardStats;
import io.atoll.query.VectorQuery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read of one shard replica, run locally or sent to the replica's node (it travels WireCodec-encoded). When a
 * read consistency asks for several replicas, {@link #merge} combines their answers, keeping the newest version
 * of each point.
 *
 * @param <R> the answer of one replica
 */
public sealed interface ShardRead<R> {
    R run(ShardEngine engine) throws IOException;

    Class<R> resultType();

    R merge(List<R> answers);

    /**
     * The same read over only the points that also meet {@code c}: while a resharding runs, the coordinator keeps
     * each shard's reads to the points the read ring routes to it. Reads that name no filter (by id, stats,
     * checksums) are routed by id already, or are about the replica itself, and stay as they are.
     */
    default ShardRead<R> keepingOnly(Condition c) {
        return this;
    }

    /** {@code filter} (null for none) with {@code c} as one more must condition. */
    private static Filter and(Filter filter, Condition c) {
        if (filter == null) {
            return Filter.allOf(c);
        }
        List<Condition> must = new ArrayList<>(filter.must());
        must.add(c);
        return new Filter(must, filter.should(), filter.mustNot(), filter.minShould());
    }

    /** A read answered with points: merged by id, newest version first. */
    sealed interface PointsRead extends ShardRead<Points> {
        default Class<Points> resultType() {
            return Points.class;
        }

        default Points merge(List<Points> answers) {
            return Points.newest(answers);
        }
    }

    /**
     * A read answered with a count. Replicas that disagree differ by writes not yet everywhere; the larger count
     * has seen more of them.
     */
    sealed interface CountRead extends ShardRead<Long> {
        default Class<Long> resultType() {
            return Long.class;
        }

        default Long merge(List<Long> answers) {
            return answers.stream().max(Long::compare).orElse(0L);
        }
    }

    /** Points as a list, in a record so that their type survives encoding. */
    record Points(List<ScoredPoint> points) {
        static Points newest(List<Points> answers) {
            Map<PointId, ScoredPoint> byId = new LinkedHashMap<>();
            for (Points a : answers) {
                for (ScoredPoint p : a.points()) {
                    byId.merge(p.id(), p, (x, y) -> y.version() > x.version() ? y : x);
                }
            }
            return new Points(new ArrayList<>(byId.values()));
        }
    }

    @JsonTypeName("search")
    record Search(VectorQuery query) implements PointsRead {
        public Points run(ShardEngine e) throws IOException {
            return new Points(e.search(query));
        }

        public ShardRead<Points> keepingOnly(Condition c) {
            VectorQuery q = query;
            return new Search(new VectorQuery(q.using(), q.vector(), and(q.filter(), c), q.limit(), q.offset(),
                    q.scoreThreshold(), q.hnswEf(), q.exact(), q.withPayload(), q.withVector(), q.exclude(),
                    q.quantization(), q.acornMaxSelectivity()));
        }
    }

    @JsonTypeName("example_search")
    record ExampleSearch(ExampleQuery query) implements PointsRead {
        public Points run(ShardEngine e) throws IOException {
            return new Points(e.queries().search(query));
        }

        public ShardRead<Points> keepingOnly(Condition c) {
            return new ExampleSearch(query.withFilter(and(query.filter(), c)));
        }
    }

    /** Value counts of a payload field; replicas that disagree differ by writes not yet everywhere: the larger wins. */
    @JsonTypeName("facet")
    record Facet(FacetQuery query) implements ShardRead<FacetQuery.Hits> {
        public FacetQuery.Hits run(ShardEngine e) throws IOException {
            return e.queries().facet(query);
        }

        public ShardRead<FacetQuery.Hits> keepingOnly(Condition c) {
            return new Facet(query.withFilter(and(query.filter(), c)));
        }

        public Class<FacetQuery.Hits> resultType() {
            return FacetQuery.Hits.class;
        }

        public FacetQuery.Hits merge(List<FacetQuery.Hits> answers) {
            Map<Object, Long> most = new LinkedHashMap<>();
            answers.forEach(a -> a.hits().forEach(h -> most.merge(h.value(), h.count(), Math::max)));
            List<FacetQuery.Hit> hits = new ArrayList<>();
            most.forEach((v, n) -> hits.add(new FacetQuery.Hit(v, n)));
            hits.sort(FacetQuery.ORDER);
            return new FacetQuery.Hits(hits);
        }
    }

    @JsonTypeName("ordered_scroll")
    record Ordered(OrderedScroll query) implements ShardRead<OrderedScroll.Entries> {
        public OrderedScroll.Entries run(ShardEngine e) throws IOException {
            return e.queries().orderedScroll(query);
        }

        public ShardRead<OrderedScroll.Entries> keepingOnly(Condition c) {
            return new Ordered(query.withFilter(and(query.filter(), c)));
        }

        public Class<OrderedScroll.Entries> resultType() {
            return OrderedScroll.Entries.class;
        }

        public OrderedScroll.Entries merge(List<OrderedScroll.Entries> answers) {
            return query.merge(answers);
        }
    }

    /** A random draw; of replicas' draws, the one from the most points has seen the most writes. */
    @JsonTypeName("random_sample")
    record Sample(RandomSample query) implements ShardRead<RandomSample.Drawn> {
        public RandomSample.Drawn run(ShardEngine e) throws IOException {
            return e.queries().sample(query);
        }

        public ShardRead<RandomSample.Drawn> keepingOnly(Condition c) {
            return new Sample(query.withFilter(and(query.filter(), c)));
        }

        public Class<RandomSample.Drawn> resultType() {
            return RandomSample.Drawn.class;
        }

        public RandomSample.Drawn merge(List<RandomSample.Drawn> answers) {
            return answers.stream().max(Comparator.comparingLong(RandomSample.Drawn::matching)).orElseThrow();
        }
    }

    @JsonTypeName("retrieve")
    record Retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector)
            implements PointsRead {
        public Points run(ShardEngine e) throws IOException {
            return new Points(e.retrieve(ids, withPayload, withVector));
        }
    }

    /** Which of the ids exist, including writes not yet visible to searches (the version map knows them). */
    @JsonTypeName("exists")
    record Exists(List<PointId> ids) implements PointsRead {
        public Points run(ShardEngine e) throws IOException {
            List<ScoredPoint> out = new ArrayList<>();
            for (PointId id : ids) {
                if (e.exists(id)) {
                    out.add(new ScoredPoint(id, 0, null, null, Map.of()));
                }
            }
            return new Points(out);
        }
    }

    @JsonTypeName("scroll")
    record Scroll(ScrollQuery query) implements ShardRead<ScrollPage> {
        public ScrollPage run(ShardEngine e) throws IOException {
            return e.scroll(query);
        }

        public ShardRead<ScrollPage> keepingOnly(Condition c) {
            return new Scroll(new ScrollQuery(and(query.filter(), c), query.offset(), query.limit(),
                    query.withPayload(), query.withVector()));
        }

        public Class<ScrollPage> resultType() {
            return ScrollPage.class;
        }

        /** The union by id, newest versions; its next page starts at the smallest of the replicas' next ids. */
        public ScrollPage merge(List<ScrollPage> answers) {
            List<ScoredPoint> all = new ArrayList<>(Points.newest(answers.stream()
                    .map(p -> new Points(p.points())).toList()).points());
            all.sort(Comparator.comparing(ScoredPoint::id));
            PointId next = null;
            for (ScrollPage p : answers) {
                if (p.nextOffset() != null && (next == null || p.nextOffset().compareTo(next) < 0)) {
                    next = p.nextOffset();
                }
            }
            if (all.size() > query.limit()) {
                PointId firstLeft = all.get(query.limit()).id();
                next = next == null || firstLeft.compareTo(next) < 0 ? firstLeft : next;
                all = new ArrayList<>(all.subList(0, query.limit()));
            }
            return new ScrollPage(all, next);
        }
    }

    @JsonTypeName("count")
    record Count(Filter filter) implements CountRead {
        public Long run(ShardEngine e) throws IOException {
            return e.count(filter);
        }

        public ShardRead<Long> keepingOnly(Condition c) {
            return new Count(and(filter, c));
        }
    }

    @JsonTypeName("count_with_payload_key")
    record CountWithPayloadKey(String field) implements CountRead {
        public Long run(ShardEngine e) throws IOException {
            return e.countWithPayloadKey(field);
        }
    }

    /**
     * A replica's content in brief: how many points it holds and a SHA-256 over their (id, version) pairs in id
     * order. Replicas that applied the same operations have equal checksums, whatever order their segments are in.
     * Read from one replica at a time, to compare them; there is nothing to merge.
     */
    @JsonTypeName("checksum")
    record Checksum() implements ShardRead<Checksum.Digest> {
        private static final int PAGE = 1024;

        public record Digest(long points, String sha256) {
        }

        public Digest run(ShardEngine e) throws IOException {
            MessageDigest sha = sha256();
            long points = 0;
            PointId offset = null;
            do {
                ScrollPage page = e.scroll(new ScrollQuery(Filter.EMPTY, offset, PAGE, PayloadSelector.NONE,
                        VectorSelector.NONE));
                for (ScoredPoint p : page.points()) {
                    sha.update(p.id().key());
                    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(p.version()).array());
                    points++;
                }
                offset = page.nextOffset();
            } while (offset != null);
            return new Digest(points, HexFormat.of().formatHex(sha.digest()));
        }

        public Class<Digest> resultType() {
            return Digest.class;
        }

        public Digest merge(List<Digest> answers) {
            return answers.getFirst();
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    /**
     * The counts a sparse vector's IDF is computed from (see {@link SparseCounts}), over {@code corpus} (null: every
     * point); of replicas that disagree, the one holding the most points has seen the most writes.
     */
    @JsonTypeName("sparse_counts")
    record SparseStats(String using, int[] dimensions, Filter corpus) implements ShardRead<SparseCounts> {
        public SparseCounts run(ShardEngine e) throws IOException {
            return e.queries().sparseCounts(using, dimensions, corpus);
        }

        public ShardRead<SparseCounts> keepingOnly(Condition c) {
            return new SparseStats(using, dimensions, and(corpus, c));
        }

        public Class<SparseCounts> resultType() {
            return SparseCounts.class;
        }

        public SparseCounts merge(List<SparseCounts> answers) {
            return answers.stream().max(Comparator.comparingLong(SparseCounts::points)).orElseThrow();
        }
    }

    @JsonTypeName("stats")
    record Stats() implements ShardRead<ShardStats> {
        public ShardStats run(ShardEngine e) throws IOException {
            return e.stats();
        }

        public Class<ShardStats> resultType() {
            return ShardStats.class;
        }

        public ShardStats merge(List<ShardStats> answers) {
            return answers.getFirst();
        }
    }
}
