package io.atoll.collection;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.collection.strict.CollectionSizes;
import io.atoll.collection.strict.StrictModeGuard;
import io.atoll.error.AtollException;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ExampleQuery;
import io.atoll.query.FacetQuery;
import io.atoll.query.OrderedScroll;
import io.atoll.query.RandomSample;
import io.atoll.query.OptimizationReport;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.routing.ShardSelector;
import io.atoll.replication.LocalReplica;
import io.atoll.schema.CollectionParams;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * A collection as this node serves it, any node accepting any request: writes through its
 * {@link WriteCoordinator}, reads through its {@link ReadCoordinator}, both over the collection's current
 * {@link CollectionView}, which the registry swaps whole when the metadata changes. Thread-safe.
 */
public final class Collection {
    private volatile CollectionView view;
    private final CoordinatorContext context;
    private final WriteCoordinator writes;
    private final ReadCoordinator reads;
    private final StrictModeGuard strictMode;
    private final IssueBoard issues;

    Collection(CollectionView view, CoordinatorContext context, LocalReads local, IssueBoard issues) {
        this.view = view;
        this.context = context;
        this.issues = issues;
        this.reads = new ReadCoordinator(this::view, new ShardReader(context, local));
        this.writes = new WriteCoordinator(this::view, context, reads);
        this.strictMode = new StrictModeGuard(() -> {
            CollectionStats st = reads.stats();
            return new CollectionSizes.Sizes(st.pointsCount(), st.payloadBytes());
        }, System::nanoTime);
    }

    void follow(CollectionView next) {
        view = next;
    }

    public CollectionView view() {
        return view;
    }

    public String name() {
        return view.name();
    }

    public CollectionMeta meta() {
        return view.meta();
    }

    public CollectionParams params() {
        return view.params();
    }

    /**
     * Applies an update and returns its operation id. Input is checked in full (and against strict mode) before any
     * shard is written.
     */
    public long update(RoutedUpdate update, boolean wait) {
        strictMode.update(params(), update.update());
        return writes.update(update, wait);
    }

    /** Atoll's own writes (a snapshot's recovery): strict mode limits what users ask, not these, as in Qdrant. */
    public long updateUnlimited(RoutedUpdate update, boolean wait) {
        return writes.update(update, wait);
    }

    /** The strict mode checks of requests that reach no single method here (batches, timeouts, payload indexes). */
    public StrictModeGuard strictMode() {
        return strictMode;
    }

    /** The same, for an automatically sharded collection. */
    public long update(PointsUpdate update, boolean wait) {
        return update(RoutedUpdate.unkeyed(update), wait);
    }

    /** Applies updates in order (POST /points/batch), checked in full first; a batch that would fail part-way is refused. */
    public List<Long> updateAll(List<RoutedUpdate> updates, boolean wait) {
        CollectionParams p = params();
        updates.forEach(u -> strictMode.update(p, u.update()));
        return writes.updateAll(updates, wait);
    }

    /** Runs a read, telling the issue reporter how long it took under its filter (slow unindexed reads). */
    private <T> T timed(CollectionParams p, Filter filter, Supplier<T> read) {
        long start = System.nanoTime();
        T result = read.get();
        issues.read(name(), p, filter, System.nanoTime() - start);
        return result;
    }

    /** Reads take the shard keys to read under: {@link ShardSelector#NONE} reads every shard. */
    public List<ScoredPoint> search(VectorQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.search(p, q);
        return timed(p, q.filter(), () -> reads.search(q, consistency, keys));
    }

    public List<ScoredPoint> search(VectorQuery q) {
        return search(q, ReadConsistency.ONE, ShardSelector.NONE);
    }

    /** Up to {@code q.limit()} points drawn uniformly at random from those the filter admits. */
    public List<ScoredPoint> sample(RandomSample q, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.limitedRead(p, q.limit(), q.filter());
        return timed(p, q.filter(), () -> reads.sample(q, consistency, keys));
    }

    /** Points in the order of a numeric payload key (order_by), a point once per distinct value. */
    public List<OrderedScroll.Entry> orderedScroll(OrderedScroll q, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.limitedRead(p, q.limit(), q.filter());
        return timed(p, q.filter(), () -> reads.orderedScroll(q, consistency, keys));
    }

    /** How many points hold each value of a payload field, most frequent first, at most {@code limit} values. */
    public List<FacetQuery.Hit> facet(FacetQuery q, int limit, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.limitedRead(p, limit, q.filter());
        return timed(p, q.filter(), () -> reads.facet(q, limit, consistency, keys));
    }

    /** Points scored against example vectors (recommend, discover, context), best first. */
    public List<ScoredPoint> search(ExampleQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.examples(p, q);
        return timed(p, q.filter(), () -> reads.search(q, consistency, keys));
    }

    /**
     * The best of {@code candidates} by {@code q}'s vector, scored exactly: a query stage over points its
     * prefetches found. Strict mode checks the query as the user gave it; the exact scan is Atoll's choice.
     */
    public List<ScoredPoint> rescore(VectorQuery q, Set<PointId> candidates, ReadConsistency consistency,
                                     ShardSelector keys) {
        CollectionParams p = params();
        strictMode.search(p, q);
        VectorQuery within = new VectorQuery(q.using(), q.vector(),
                Filter.allOf(q.filter(), new Condition.HasId(candidates)), q.limit(), q.offset(), q.scoreThreshold(),
                q.hnswEf(), true, q.withPayload(), q.withVector(), q.exclude(), q.quantization(),
                q.acornMaxSelectivity());
        return timed(p, q.filter(), () -> reads.search(within, consistency, keys));
    }

    public ScrollPage scroll(ScrollQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.scroll(p, q);
        return timed(p, q.filter(), () -> reads.scroll(q, consistency, keys));
    }

    /** A scroll of Atoll's own (a snapshot's recovery), which strict mode does not limit. */
    public ScrollPage scrollUnlimited(ScrollQuery q, ReadConsistency consistency, ShardSelector keys) {
        return reads.scroll(q, consistency, keys);
    }

    public ScrollPage scroll(ScrollQuery q) {
        return scroll(q, ReadConsistency.ONE, ShardSelector.NONE);
    }

    public long count(Filter filter, ReadConsistency consistency, ShardSelector keys) {
        CollectionParams p = params();
        strictMode.read(p, filter);
        return timed(p, filter, () -> reads.count(filter, consistency, keys));
    }

    public long count(Filter filter) {
        return count(filter, ReadConsistency.ONE, ShardSelector.NONE);
    }

    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector,
                                      ReadConsistency consistency, ShardSelector keys) {
        strictMode.retrieve(params(), ids.size());
        return reads.retrieve(ids, withPayload, withVector, consistency, keys);
    }

    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector) {
        return retrieve(ids, withPayload, withVector, ReadConsistency.ONE, ShardSelector.NONE);
    }

    public CollectionStats stats() {
        return reads.stats();
    }

    /** Every replica's point count and checksum, each read from its own node. */
    public List<ReplicaChecksum> replicaChecksums() {
        return reads.replicaChecksums();
    }

    /** Every readable replica's point count, each read from its own node: shard to peer to count. */
    public Map<Integer, Map<Long, Long>> replicaPointCounts() {
        return reads.replicaPointCounts();
    }

    /** The optimizations of each replica open on this node, by shard (Qdrant reports a node's local shards). */
    public Map<Integer, OptimizationReport> localOptimizations() {
        Map<Integer, OptimizationReport> out = new TreeMap<>();
        for (int shard : view.meta().shards().keySet()) {
            LocalReplica r = context.replicas().get(name(), shard);
            if (r != null) {
                try {
                    out.put(shard, r.shard().engine().optimizations());
                } catch (IOException e) {
                    throw AtollException.unavailable("shard " + shard + " of `" + name() + "` cannot be read: "
                            + e.getMessage());
                } catch (AlreadyClosedException e) {
                    // skipped when dropped or replaced since it was looked up; one still here failed: not hidden
                    if (context.replicas().get(name(), shard) == r) {
                        throw AtollException.unavailable("shard " + shard + " of `" + name() + "` failed on this "
                                + "node: " + e.getMessage());
                    }
                }
            }
        }
        return out;
    }

    /**
     * The point count of each replica open on this node, by shard: 0 when it cannot be read (closed meanwhile or
     * failed), as a layout listing tolerates, where {@link #localOptimizations} reports a failed one.
     */
    public Map<Integer, Long> localPointCounts() {
        Map<Integer, Long> out = new TreeMap<>();
        for (int shard : view.meta().shards().keySet()) {
            LocalReplica r = context.replicas().get(name(), shard);
            if (r != null) {
                try {
                    out.put(shard, r.shard().engine().stats().pointsCount());
                } catch (IOException | AlreadyClosedException e) {
                    out.put(shard, 0L); // closed: dropped or replaced since it was looked up, or failed
                }
            }
        }
        return out;
    }
}
