package io.atoll.collection;

import io.atoll.point.VectorValue;
import io.atoll.schema.SparseVectorParams;
import io.atoll.query.SparseCounts;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.ShardKey;
import io.atoll.point.VectorSelector;
import io.atoll.query.ExampleQuery;
import io.atoll.query.FacetQuery;
import io.atoll.query.OrderedScroll;
import io.atoll.query.RandomSample;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.shard.engine.ShardStats;
import io.atoll.transport.PeerUnreachableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read coordinator of one collection on this node: runs a read on every shard it concerns (in parallel when
 * any of them leaves this node), each through {@link ShardReader}, and merges the shards' answers. Thread-safe.
 */
final class ReadCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ReadCoordinator.class);
    private static final ExecutorService FAN_OUT = Executors.newVirtualThreadPerTaskExecutor();

    private final Supplier<CollectionView> view;
    private final ShardReader shards;

    ReadCoordinator(Supplier<CollectionView> view, ShardReader shards) {
        this.view = view;
        this.shards = shards;
    }

    /** Nearest neighbours across all shards: each shard's best limit+offset, merged, then offset applied. */
    List<ScoredPoint> search(VectorQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        CollectionParams p = v.params();
        VectorValue vector = VectorValidation.checked(p, q.using(), q.vector());
        requireKnownVectors(p, q.withVector());
        SparseVectorParams sparse = p.sparseVector(q.using());
        // sparse vectors score by dot product; a multivector by max_sim of its vectors, shown as their distance
        Distance d = sparse != null ? Distance.DOT : p.vector(q.using()).distance();
        if (sparse != null && sparse.modifier() == SparseVectorParams.Modifier.IDF) {
            vector = idfWeighted(v, keys, q.using(), (VectorValue.Sparse) vector, consistency);
        }
        VectorQuery perShard = new VectorQuery(q.using(), vector, q.filter(), q.limit() + q.offset(), 0,
                q.scoreThreshold(), q.hnswEf(), q.exact(), q.withPayload(), q.withVector(), q.exclude(),
                q.quantization(), q.acornMaxSelectivity());
        List<ScoredPoint> all = new ArrayList<>();
        readAll(v, keys, new ShardRead.Search(perShard), consistency)
                .forEach((shard, r) -> all.addAll(tagged(v, shard, r.points())));
        all.sort((a, b) -> d.compareBestFirst(a.score(), b.score()));
        int from = Math.min(q.offset(), all.size());
        int to = Math.min(all.size(), from + q.limit());
        return new ArrayList<>(all.subList(from, to));
    }

    /**
     * The query's weights times each dimension's inverse document frequency over the whole collection (every
     * shard's counts summed first, so that a point scores the same on whichever shard it lives); Qdrant weighs by
     * each shard's own counts, which differ from shard to shard.
     */
    private VectorValue.Sparse idfWeighted(CollectionView v, ShardSelector keys, String using, VectorValue.Sparse q,
                                           ReadConsistency consistency) {
        SparseCounts all = readAll(v, keys, new ShardRead.SparseStats(using, q.indices(), null), consistency)
                .values().stream().reduce(new SparseCounts(0, new long[q.indices().length]), SparseCounts::plus);
        float[] weighted = new float[q.values().length];
        for (int i = 0; i < weighted.length; i++) {
            weighted[i] = (float) (q.values()[i] * all.idf(i));
        }
        return new VectorValue.Sparse(q.indices(), weighted);
    }

    /** Points scored against example vectors across all shards: each shard's best {@code limit}, merged. */
    List<ScoredPoint> search(ExampleQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        CollectionParams p = v.params();
        requireKnownVectors(p, q.withVector());
        p.searchable(q.using());
        ExampleQuery checked = new ExampleQuery(q.using(), q.scoring().map(e -> VectorValidation.checked(p,
                q.using(), e)), q.filter(), q.limit(), q.scoreThreshold(), q.withPayload(), q.withVector());
        List<ScoredPoint> all = new ArrayList<>();
        readAll(v, keys, new ShardRead.ExampleSearch(checked), consistency)
                .forEach((shard, r) -> all.addAll(tagged(v, shard, r.points())));
        all.sort((a, b) -> Float.compare(b.score(), a.score()));
        return new ArrayList<>(all.subList(0, Math.min(q.limit(), all.size())));
    }

    /** Points in a payload key's order across all shards: each shard's first {@code limit}, merged. */
    List<OrderedScroll.Entry> orderedScroll(OrderedScroll q, ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        requireKnownVectors(v.params(), q.withVector());
        List<OrderedScroll.Entries> answers = new ArrayList<>();
        readAll(v, keys, new ShardRead.Ordered(q), consistency).forEach((shard, r) -> answers.add(
                new OrderedScroll.Entries(r.entries().stream().map(e -> new OrderedScroll.Entry(
                        tagged(v, shard, List.of(e.point())).getFirst(), e.value())).toList())));
        return q.merge(answers).entries();
    }

    /**
     * A uniform draw across shards: each pick takes the next point of a shard's own random draw, choosing the
     * shard with probability proportional to the points it has left to draw from.
     */
    List<ScoredPoint> sample(RandomSample q, ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        requireKnownVectors(v.params(), q.withVector());
        List<List<ScoredPoint>> draws = new ArrayList<>();
        List<Long> left = new ArrayList<>();
        readAll(v, keys, new ShardRead.Sample(q), consistency).forEach((shard, d) -> {
            draws.add(new ArrayList<>(tagged(v, shard, d.points())));
            left.add(d.matching());
        });
        List<ScoredPoint> out = new ArrayList<>();
        Random random = ThreadLocalRandom.current();
        while (out.size() < q.limit()) {
            long total = left.stream().mapToLong(Long::longValue).sum();
            if (total <= 0) {
                break;
            }
            long pick = random.nextLong(total);
            int s = 0;
            while (pick >= left.get(s)) {
                pick -= left.get(s++);
            }
            if (draws.get(s).isEmpty()) {
                left.set(s, 0L);
                continue;
            }
            out.add(draws.get(s).removeFirst());
            left.set(s, left.get(s) - 1);
        }
        return out;
    }

    /** Value counts summed over the shards, most frequent first, cut to {@code limit}. */
    List<FacetQuery.Hit> facet(FacetQuery q, int limit, ReadConsistency consistency, ShardSelector keys) {
        Map<Object, Long> sum = new LinkedHashMap<>();
        readAll(view.get(), keys, new ShardRead.Facet(q), consistency)
                .forEach((shard, hits) -> hits.hits().forEach(h -> sum.merge(h.value(), h.count(), Long::sum)));
        List<FacetQuery.Hit> out = new ArrayList<>();
        sum.forEach((v, n) -> out.add(new FacetQuery.Hit(v, n)));
        out.sort(FacetQuery.ORDER);
        return new ArrayList<>(out.subList(0, Math.min(limit, out.size())));
    }

    /**
     * Merges the shards' pages. Each shard returns its first {@code limit} points from the offset and its own next
     * id; the merged page is the first {@code limit} of all returned points, and the next page starts at the
     * smallest id that is neither on the page nor behind it.
     */
    ScrollPage scroll(ScrollQuery q, ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        requireKnownVectors(v.params(), q.withVector());
        ShardRead.Scroll read = new ShardRead.Scroll(q);
        List<ScrollPage> pages = new ArrayList<>();
        readAll(v, keys, read, consistency).forEach((shard, page) -> pages.add(
                new ScrollPage(tagged(v, shard, page.points()), page.nextOffset())));
        return read.merge(pages);
    }

    long count(Filter filter, ReadConsistency consistency, ShardSelector keys) {
        return readAll(view.get(), keys, new ShardRead.Count(filter), consistency).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector,
                               ReadConsistency consistency, ShardSelector keys) {
        CollectionView v = view.get();
        requireKnownVectors(v.params(), withVector);
        Map<PointId, ScoredPoint> found = new HashMap<>();
        fanOut(v, readsById(v, ShardKeyResolution.forRead(v, keys), ids,
                list -> new ShardRead.Retrieve(list, withPayload, withVector)), consistency)
                .forEach((shard, p) -> tagged(v, shard, p.points()).forEach(pt -> found.put(pt.id(), pt)));
        List<ScoredPoint> out = new ArrayList<>();
        for (PointId id : ids.stream().distinct().toList()) {
            ScoredPoint p = found.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Which of {@code ids} exist under {@code keys}, including writes not yet visible to searches. */
    Set<PointId> existing(List<PointId> ids, List<ShardKey> keys) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        CollectionView v = view.get();
        Set<PointId> out = new HashSet<>();
        fanOut(v, readsById(v, keys, ids, ShardRead.Exists::new), ReadConsistency.ONE)
                .values().forEach(p -> p.points().forEach(pt -> out.add(pt.id())));
        return out;
    }

    /** A with_vector list naming a vector the collection does not have is a mistake, as in Qdrant. */
    private static void requireKnownVectors(CollectionParams p, VectorSelector selector) {
        if (selector instanceof VectorSelector.Named named) {
            for (String n : named.names()) {
                if (!p.hasVector(n)) {
                    throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                            + VectorValidation.displayName(n));
                }
            }
        }
    }

    /**
     * Counts for collection info, from one readable replica of each shard. A shard with no readable replica
     * counts as empty here rather than failing the info call.
     */
    CollectionStats stats() {
        CollectionView v = view.get();
        long points = 0;
        long vectors = 0;
        int segments = 0;
        long payloadBytes = 0;
        boolean optimizing = false;
        String optimizerError = null;
        List<Integer> all = ShardKeyResolution.readShards(v, ShardSelector.NONE, new ArrayList<>(v.routedKeys()));
        for (int shard : all) {
            try {
                ShardStats st = shards.read(v, shard, new ShardRead.Stats(), ReadConsistency.ONE);
                // While a resharding runs (or its old shards are not clean yet) a shard also holds points the read
                // ring routes elsewhere: the exact count of its own ones, not its total, so none counts twice.
                points += v.meta().readsFiltered()
                        ? shards.read(v, shard, new ShardRead.Count(Filter.EMPTY)
                                .keepingOnly(new Condition.InRing(v.readRingOf(shard), shard)), ReadConsistency.ONE)
                        : st.pointsCount();
                vectors += st.indexedVectorsCount();
                segments += st.segmentsCount();
                payloadBytes += st.payloadBytes();
                optimizing |= st.optimizing();
                optimizerError = optimizerError != null ? optimizerError : st.optimizerError();
            } catch (AtollException | PeerUnreachableException e) {
                LOG.debug("no stats for shard {} of {}: {}", shard, v.name(), e.getMessage());
            }
        }
        Map<String, Long> payloadPoints = new HashMap<>();
        for (String field : v.params().payloadSchema().keySet()) {
            long n = 0;
            for (int shard : all) {
                try {
                    n += shards.read(v, shard, new ShardRead.CountWithPayloadKey(field), ReadConsistency.ONE);
                } catch (AtollException | PeerUnreachableException e) {
                    LOG.debug("no payload count for shard {} of {}: {}", shard, v.name(), e.getMessage());
                }
            }
            payloadPoints.put(field, n);
        }
        return new CollectionStats(points, vectors, segments, payloadPoints, payloadBytes, optimizing, optimizerError);
    }

    /**
     * The checksum of every replica of every shard, each read from its own node, so that an operator (or the
     * fault-injection checker) can see whether the replicas of a shard agree.
     */
    List<ReplicaChecksum> replicaChecksums() {
        CollectionView v = view.get();
        List<ReplicaChecksum> out = new ArrayList<>();
        for (ShardInfo info : v.meta().shards().values()) {
            for (Map.Entry<Long, Replica> e : info.replicas().entrySet()) {
                long peer = e.getKey();
                ReplicaState state = e.getValue().state();
                if (!state.isReadable()) {
                    out.add(new ReplicaChecksum(info.id(), peer, state, null, "not readable in state " + state.apiName()));
                    continue;
                }
                try {
                    ShardRead.Checksum.Digest d = shards.readReplica(v, peer, info.id(), new ShardRead.Checksum()).value();
                    out.add(new ReplicaChecksum(info.id(), peer, state, d, null));
                } catch (PeerUnreachableException | AtollException ex) {
                    out.add(new ReplicaChecksum(info.id(), peer, state, null, ex.getMessage()));
                }
            }
        }
        return out;
    }

    /** Every readable replica's point count, read from its own node: shard to peer to count (absent: no answer). */
    Map<Integer, Map<Long, Long>> replicaPointCounts() {
        CollectionView v = view.get();
        Map<Integer, Map<Long, Long>> out = new TreeMap<>();
        for (ShardInfo info : v.meta().shards().values()) {
            Map<Long, Long> counts = new TreeMap<>();
            for (Map.Entry<Long, Replica> e : info.replicas().entrySet()) {
                if (!e.getValue().state().isReadable()) {
                    continue;
                }
                try {
                    counts.put(e.getKey(), shards.readReplica(v, e.getKey(), info.id(), new ShardRead.Stats()).value()
                            .pointsCount());
                } catch (PeerUnreachableException | AtollException ex) {
                    LOG.debug("no point count of shard {} of {} on peer {}: {}", info.id(), v.name(), e.getKey(),
                            ex.getMessage());
                }
            }
            out.put(info.id(), counts);
        }
        return out;
    }

    /** A read of each shard holding some of {@code ids} under {@code keys}, given that shard's ids. */
    private static Map<Integer, ShardRead<ShardRead.Points>> readsById(
            CollectionView v, List<ShardKey> keys, List<PointId> ids,
            Function<List<PointId>, ShardRead<ShardRead.Points>> read) {
        return v.byReadShard(keys, ids, Function.identity(), read);
    }

    /** The same read on every shard of the keys {@code keys} selects; the answers by shard. */
    private <R> Map<Integer, R> readAll(CollectionView v, ShardSelector keys, ShardRead<R> read,
                                        ReadConsistency consistency) {
        Map<Integer, ShardRead<R>> reads = new TreeMap<>();
        for (int shard : ShardKeyResolution.readShards(v, keys, ShardKeyResolution.forRead(v, keys))) {
            reads.put(shard, v.meta().readsFiltered()
                    ? read.keepingOnly(new Condition.InRing(v.readRingOf(shard), shard)) : read);
        }
        return fanOut(v, reads, consistency);
    }

    /** The points a shard returned, each with the shard's key when the collection is sharded by key. */
    private static List<ScoredPoint> tagged(CollectionView v, int shard, List<ScoredPoint> points) {
        ShardKey key = v.meta().keyOf(shard);
        return key == null ? points : points.stream().map(p -> p.withShardKey(key)).toList();
    }

    /** Runs each shard's read, in parallel when any of them leaves this node; the answers by shard. */
    private <R> Map<Integer, R> fanOut(CollectionView v, Map<Integer, ShardRead<R>> reads,
                                       ReadConsistency consistency) {
        boolean allLocal = consistency == ReadConsistency.ONE
                && reads.keySet().stream().allMatch(shard -> shards.readsLocally(v, shard));
        Map<Integer, R> out = new TreeMap<>();
        if (allLocal || reads.size() == 1) {
            reads.forEach((shard, read) -> out.put(shard, shards.read(v, shard, read, consistency)));
            return out;
        }
        Map<Integer, Future<R>> futures = new TreeMap<>();
        reads.forEach((shard, read) -> futures.put(shard, FAN_OUT.submit(() -> shards.read(v, shard, read,
                consistency))));
        for (Map.Entry<Integer, Future<R>> f : futures.entrySet()) {
            try {
                out.put(f.getKey(), f.getValue().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw AtollException.internal("shard read failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while reading");
            }
        }
        return out;
    }
}
