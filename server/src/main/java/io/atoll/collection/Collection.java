package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.routing.ShardRouter;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.shard.LocalShard;
import io.atoll.shard.OperationPlan;
import io.atoll.shard.ShardOperation;
import io.atoll.shard.ShardSettings;
import io.atoll.shard.engine.ScrollPage;
import io.atoll.shard.engine.ScrollQuery;
import io.atoll.shard.engine.ShardStats;
import io.atoll.shard.engine.VectorQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A collection on this node: its shards, the router that spreads points over them, and the fan-out and merge of
 * reads. Updates are split by shard and each part goes through that shard's write path. Thread-safe.
 */
public final class Collection implements AutoCloseable {
    private final String name;
    private final List<LocalShard> shards;
    private final ShardRouter router;
    private final AtomicLong operations = new AtomicLong();
    private volatile CollectionParams params;

    private Collection(String name, CollectionParams params, List<LocalShard> shards) {
        this.name = name;
        this.params = params;
        this.shards = List.copyOf(shards);
        this.router = new ShardRouter(shards.size());
    }

    public static Collection open(String name, CollectionParams params, Path dir, ShardSettings settings,
                                  ExecutorService indexingPool) throws IOException {
        List<LocalShard> shards = new ArrayList<>();
        try {
            for (int i = 0; i < params.shardNumber(); i++) {
                shards.add(LocalShard.open(name, i, dir.resolve(Integer.toString(i)), params, settings, indexingPool));
            }
        } catch (IOException | RuntimeException e) {
            for (LocalShard s : shards) {
                s.close();
            }
            throw e;
        }
        return new Collection(name, params, shards);
    }

    public String name() {
        return name;
    }

    public CollectionParams params() {
        return params;
    }

    public List<LocalShard> shards() {
        return shards;
    }

    public void updateParams(CollectionParams p) {
        this.params = p;
        shards.forEach(s -> s.engine().updateParams(p));
    }

    // ---------------------------------------------------------------- writes

    /** Applies an update and returns its operation id. Input is checked in full before any shard is written. */
    public long update(PointsUpdate update, boolean wait) {
        return execute(prepare(update), wait);
    }

    /**
     * Applies updates in order (POST /points/batch). Every update's input is checked before the first one is
     * applied, and so is the existence of the points each update modifies, following the batch: an earlier upsert
     * creates points, an earlier delete by id removes them. A batch that would fail part-way is refused whole.
     */
    public List<Long> updateAll(List<PointsUpdate> updates, boolean wait) {
        List<Prepared> prepared = updates.stream().map(this::prepare).toList();
        requireExistingThroughout(updates, prepared);
        List<Long> ids = new ArrayList<>();
        for (Prepared p : prepared) {
            ids.add(execute(p, wait));
        }
        return ids;
    }

    /** An update split into per-shard plans, and the listed points that must exist when it runs. */
    private record Prepared(Map<Integer, OperationPlan> plans, List<PointId> mustExist) {
    }

    private long execute(Prepared p, boolean wait) {
        requireExisting(p.mustExist());
        p.plans().forEach((shard, plan) -> shards.get(shard).write(plan, wait));
        return operations.incrementAndGet();
    }

    private Prepared prepare(PointsUpdate update) {
        CollectionParams p = params;
        return switch (update) {
            case PointsUpdate.Upsert u -> new Prepared(byShard(dedupe(u.points(), PointStruct::id).stream()
                            .map(pt -> VectorValidation.checked(p, pt)).toList(), PointStruct::id,
                    points -> OperationPlan.of(new ShardOperation.Upsert(points))), List.of());
            case PointsUpdate.Delete d -> selected(d.selector(), false, ShardOperation.Delete::new);
            case PointsUpdate.SetPayload s -> selected(s.selector(), true,
                    ids -> new ShardOperation.SetPayload(ids, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> selected(o.selector(), true,
                    ids -> new ShardOperation.OverwritePayload(ids, o.payload()));
            case PointsUpdate.DeletePayload d -> selected(d.selector(), true,
                    ids -> new ShardOperation.DeletePayloadKeys(ids, d.keys()));
            case PointsUpdate.ClearPayload c -> selected(c.selector(), true, ShardOperation.ClearPayload::new);
            case PointsUpdate.UpdateVectors u -> {
                List<PointVectors> checked = dedupe(u.points(), PointVectors::id).stream()
                        .map(pv -> new PointVectors(pv.id(), VectorValidation.checked(p, pv.vectors()))).toList();
                yield new Prepared(byShard(checked, PointVectors::id,
                        pvs -> OperationPlan.of(new ShardOperation.UpdateVectors(pvs))),
                        checked.stream().map(PointVectors::id).toList());
            }
            case PointsUpdate.DeleteVectors d -> {
                for (String v : d.vectorNames()) {
                    if (p.vector(v) == null) {
                        throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                                + VectorValidation.displayName(v));
                    }
                }
                yield selected(d.selector(), true, ids -> new ShardOperation.DeleteVectors(ids, d.vectorNames()));
            }
        };
    }

    /** Later entries for the same id win, as in Qdrant. */
    private static <T> List<T> dedupe(List<T> items, Function<T, PointId> id) {
        Map<PointId, T> last = new LinkedHashMap<>();
        for (T t : items) {
            last.remove(id.apply(t));
            last.put(id.apply(t), t);
        }
        return new ArrayList<>(last.values());
    }

    private <T> Map<Integer, OperationPlan> byShard(List<T> items, Function<T, PointId> id,
                                                    Function<List<T>, OperationPlan> plan) {
        Map<Integer, List<T>> parts = new HashMap<>();
        for (T t : items) {
            parts.computeIfAbsent(router.shardOf(id.apply(t)), k -> new ArrayList<>()).add(t);
        }
        Map<Integer, OperationPlan> out = new HashMap<>();
        parts.forEach((shard, list) -> out.put(shard, plan.apply(list)));
        return out;
    }

    private Prepared selected(PointsSelector selector, boolean needsExisting,
                              Function<List<PointId>, ShardOperation> op) {
        if (selector.filter() != null) {
            Map<Integer, OperationPlan> out = new HashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                out.put(i, engine -> op.apply(engine.matchingIds(selector.filter())));
            }
            return new Prepared(out, List.of());
        }
        List<PointId> ids = selector.ids().stream().distinct().toList();
        return new Prepared(byShard(ids, Function.identity(), list -> OperationPlan.of(op.apply(list))),
                needsExisting ? ids : List.of());
    }

    /**
     * Replays the batch's effect on which points exist, from the current state. A delete by filter cannot be
     * foreseen without resolving it, so updates after one are checked only when their turn comes (as they always
     * are again, since another request may delete a point between this check and the write).
     */
    private void requireExistingThroughout(List<PointsUpdate> updates, List<Prepared> prepared) {
        Map<PointId, Boolean> exists = new HashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            for (PointId id : prepared.get(i).mustExist()) {
                if (!exists.computeIfAbsent(id, this::exists)) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            switch (updates.get(i)) {
                case PointsUpdate.Upsert u -> u.points().forEach(pt -> exists.put(pt.id(), true));
                case PointsUpdate.Delete d -> {
                    if (d.selector().ids() == null) {
                        return;
                    }
                    d.selector().ids().forEach(id -> exists.put(id, false));
                }
                case PointsUpdate.SetPayload s -> { }
                case PointsUpdate.OverwritePayload o -> { }
                case PointsUpdate.DeletePayload d -> { }
                case PointsUpdate.ClearPayload c -> { }
                case PointsUpdate.UpdateVectors u -> { }
                case PointsUpdate.DeleteVectors d -> { }
            }
        }
    }

    private boolean exists(PointId id) {
        return shards.get(router.shardOf(id)).engine().exists(id);
    }

    private void requireExisting(List<PointId> ids) {
        for (PointId id : ids) {
            if (!exists(id)) {
                throw AtollException.notFound("No point with id " + id + " found");
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** Nearest neighbours across all shards: each shard's best limit+offset, merged, then offset applied. */
    public List<ScoredPoint> search(VectorQuery q) {
        CollectionParams p = params;
        float[] vector = VectorValidation.checked(p, q.using(), q.vector());
        requireKnownVectors(p, q.withVector());
        Distance d = p.vector(q.using()).distance();
        VectorQuery perShard = new VectorQuery(q.using(), vector, q.filter(), q.limit() + q.offset(), 0,
                q.scoreThreshold(), q.hnswEf(), q.exact(), q.withPayload(), q.withVector(), q.exclude());
        List<ScoredPoint> all = new ArrayList<>();
        for (LocalShard s : shards) {
            all.addAll(io(() -> s.engine().search(perShard)));
        }
        all.sort((a, b) -> d.compareBestFirst(a.score(), b.score()));
        int from = Math.min(q.offset(), all.size());
        int to = Math.min(all.size(), from + q.limit());
        return new ArrayList<>(all.subList(from, to));
    }

    /** The stored vector of a point, for queries that name a point instead of giving a vector. */
    public float[] vectorOf(PointId id, String using) {
        if (params.vector(using) == null) {
            throw AtollException.badRequest("Wrong input: Not existing vector name error: " + VectorValidation.displayName(using));
        }
        List<ScoredPoint> found = retrieve(List.of(id), PayloadSelector.NONE, new VectorSelector.Named(List.of(using)));
        if (found.isEmpty()) {
            throw AtollException.notFound("No point with id " + id + " found");
        }
        float[] v = found.getFirst().vectors().get(using);
        if (v == null) {
            throw AtollException.badRequest("Wrong input: point " + id + " has no vector "
                    + VectorValidation.displayName(using));
        }
        return v;
    }

    /**
     * Merges the shards' pages. Each shard returns its first {@code limit} points from the offset and its own next
     * id; the merged page is the first {@code limit} of all returned points, and the next page starts at the
     * smallest id that is neither on the page nor behind it.
     */
    public ScrollPage scroll(ScrollQuery q) {
        requireKnownVectors(params, q.withVector());
        List<ScoredPoint> all = new ArrayList<>();
        PointId next = null;
        for (LocalShard s : shards) {
            ScrollPage page = io(() -> s.engine().scroll(q));
            all.addAll(page.points());
            if (page.nextOffset() != null && (next == null || page.nextOffset().compareTo(next) < 0)) {
                next = page.nextOffset();
            }
        }
        all.sort(Comparator.comparing(ScoredPoint::id));
        if (all.size() > q.limit()) {
            PointId firstLeft = all.get(q.limit()).id();
            next = next == null || firstLeft.compareTo(next) < 0 ? firstLeft : next;
            all = new ArrayList<>(all.subList(0, q.limit()));
        }
        return new ScrollPage(all, next);
    }

    /** A with_vector list naming a vector the collection does not have is a mistake, as in Qdrant, not an empty answer. */
    private static void requireKnownVectors(CollectionParams p, VectorSelector selector) {
        if (selector instanceof VectorSelector.Named named) {
            for (String name : named.names()) {
                if (p.vector(name) == null) {
                    throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                            + VectorValidation.displayName(name));
                }
            }
        }
    }

    public long count(Filter filter) {
        long n = 0;
        for (LocalShard s : shards) {
            n += io(() -> s.engine().count(filter));
        }
        return n;
    }

    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector) {
        requireKnownVectors(params, withVector);
        Map<Integer, List<PointId>> parts = new HashMap<>();
        for (PointId id : ids) {
            parts.computeIfAbsent(router.shardOf(id), k -> new ArrayList<>()).add(id);
        }
        Map<PointId, ScoredPoint> found = new HashMap<>();
        parts.forEach((shard, list) -> io(() -> shards.get(shard).engine().retrieve(list, withPayload, withVector))
                .forEach(p -> found.put(p.id(), p)));
        List<ScoredPoint> out = new ArrayList<>();
        for (PointId id : ids.stream().distinct().toList()) {
            ScoredPoint p = found.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    public CollectionStats stats() {
        long points = 0;
        long vectors = 0;
        int segments = 0;
        for (LocalShard s : shards) {
            ShardStats st = io(() -> s.engine().stats());
            points += st.pointsCount();
            vectors += st.indexedVectorsCount();
            segments += st.segmentsCount();
        }
        Map<String, Long> payloadPoints = new HashMap<>();
        for (String field : params.payloadSchema().keySet()) {
            long n = 0;
            for (LocalShard s : shards) {
                n += io(() -> s.engine().countWithPayloadKey(field));
            }
            payloadPoints.put(field, n);
        }
        return new CollectionStats(points, vectors, segments, payloadPoints);
    }

    /** Commits every shard's index and trims its WAL. */
    public void flush() throws IOException {
        for (LocalShard s : shards) {
            s.flush();
        }
    }

    public void refresh() throws IOException {
        for (LocalShard s : shards) {
            s.refresh();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (LocalShard s : shards) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts for collection info. */
    public record CollectionStats(long pointsCount, long indexedVectorsCount, int segmentsCount,
                                  Map<String, Long> payloadPoints) {
    }
}
