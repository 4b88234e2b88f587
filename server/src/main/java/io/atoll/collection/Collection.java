package io.atoll.collection;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
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
import io.atoll.shard.LogPosition;
import io.atoll.shard.OperationPlan;
import io.atoll.shard.ShardOperation;
import io.atoll.shard.ShardSettings;
import io.atoll.shard.engine.ScrollPage;
import io.atoll.shard.engine.ScrollQuery;
import io.atoll.shard.engine.ShardStats;
import io.atoll.shard.engine.VectorQuery;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.WireCodec;
import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ReplicaPosition;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection as this node serves it: the coordinator for the whole collection (any node accepts any request)
 * and the home of the replicas placed here.
 *
 * <p>Writes are checked and split by shard here, then each part goes to its shard's primary: applied here when
 * this node is the primary (with replication to the other replicas), forwarded otherwise. Reads go to readable
 * replicas, this node's own first, and are merged. The shard layout comes from the cluster metadata
 * ({@link #apply}); nothing here decides placement. Thread-safe.
 */
public final class Collection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collection.class);
    /** Starts the message of a write refused by a node that is not the shard's primary: the sender retries. */
    private static final String NOT_PRIMARY = "Not the primary: ";
    private static final ExecutorService FAN_OUT = Executors.newVirtualThreadPerTaskExecutor();

    private final String name;
    private final Path dir;
    private final ShardSettings settings;
    private final ExecutorService indexingPool;
    private final ClusterContext cluster;
    private final Map<Integer, LocalReplica> local = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private volatile CollectionMeta meta;
    private volatile ShardRouter router;

    private Collection(String name, Path dir, ShardSettings settings, ExecutorService indexingPool,
                       ClusterContext cluster, CollectionMeta meta) {
        this.name = name;
        this.dir = dir;
        this.settings = settings;
        this.indexingPool = indexingPool;
        this.cluster = cluster;
        this.meta = meta;
        this.router = new ShardRouter(meta.params().shardNumber());
    }

    /** Opens the collection with the replicas {@code meta} places on this node. */
    public static Collection open(CollectionMeta meta, Path dir, ShardSettings settings, ExecutorService indexingPool,
                                  ClusterContext cluster) throws IOException {
        Collection c = new Collection(meta.name(), dir, settings, indexingPool, cluster, meta);
        try {
            c.apply(meta);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A replica on this node and, while this node is its primary, its replication. */
    private static final class LocalReplica {
        final LocalShard shard;
        volatile ReplicationGroup primary;

        LocalReplica(LocalShard shard) {
            this.shard = shard;
        }
    }

    public String name() {
        return name;
    }

    public CollectionParams params() {
        return meta.params();
    }

    public CollectionMeta meta() {
        return meta;
    }

    /**
     * Brings this node's replicas in line with the metadata: opens replicas placed here, drops those removed,
     * and starts or stops being primary. Called on the metadata apply thread, in order.
     */
    public synchronized void apply(CollectionMeta next) throws IOException {
        CollectionParams previousParams = meta.params();
        meta = next;
        router = new ShardRouter(next.params().shardNumber());
        long self = cluster.self();
        for (ShardInfo info : next.shards().values()) {
            LocalReplica r = local.get(info.id());
            if (info.replicas().containsKey(self) && r == null) {
                r = new LocalReplica(LocalShard.open(name, info.id(), dir.resolve(Integer.toString(info.id())),
                        next.params(), settings, indexingPool));
                local.put(info.id(), r);
            }
            if (r == null) {
                continue;
            }
            if (!info.replicas().containsKey(self)) {
                local.remove(info.id());
                stopPrimary(r);
                r.shard.close();
                deleteRecursively(dir.resolve(Integer.toString(info.id())));
                continue;
            }
            if (!next.params().equals(previousParams)) {
                r.shard.engine().updateParams(next.params());
            }
            if (info.primary() == self) {
                ReplicationGroup g = r.primary;
                if (g == null || g.term != info.term() || g.isClosed()) {
                    stopPrimary(r);
                    r.shard.advanceTerm(info.term());
                    g = new ReplicationGroup(name, info.id(), info.term(), r.shard, cluster);
                    r.primary = g;
                    LOG.info("shard {}/{}: primary in term {}", name, info.id(), info.term());
                }
                g.update(info, cluster.image().peers());
            } else {
                stopPrimary(r);
                r.shard.advanceTerm(info.term());
            }
        }
    }

    private static void stopPrimary(LocalReplica r) {
        ReplicationGroup g = r.primary;
        r.primary = null;
        if (g != null) {
            g.close();
        }
    }

    public LocalShard localShard(int shard) {
        LocalReplica r = local.get(shard);
        if (r == null) {
            throw AtollException.notFound("Shard " + shard + " of collection `" + name + "` has no replica on this peer");
        }
        return r.shard;
    }

    // ---------------------------------------------------------------- writes

    /** Applies an update and returns its operation id. Input is checked in full before any shard is written. */
    public long update(PointsUpdate update, boolean wait) {
        Prepared p = prepare(update);
        requireExistingThroughout(List.of(p));
        return execute(p, wait);
    }

    /**
     * Applies updates in order (POST /points/batch). Every update's input is checked before the first one is
     * applied, and so is the existence of the points each update modifies, following the batch: an earlier upsert
     * creates points, an earlier delete by id removes them. A batch that would fail part-way is refused whole.
     */
    public List<Long> updateAll(List<PointsUpdate> updates, boolean wait) {
        List<Prepared> prepared = updates.stream().map(this::prepare).toList();
        requireExistingThroughout(prepared);
        List<Long> ids = new ArrayList<>();
        for (Prepared p : prepared) {
            ids.add(execute(p, wait));
        }
        return ids;
    }

    /** An update with its vectors checked and normalized, and the listed points that must exist when it runs. */
    private record Prepared(PointsUpdate update, List<PointId> mustExist) {
    }

    private long execute(Prepared p, boolean wait) {
        Map<Integer, PointsUpdate> parts = split(p.update());
        // Every shard the update touches must be able to take it before any of them does.
        CollectionMeta m = meta;
        parts.keySet().forEach(shard -> requireWritable(m, shard));
        parts.forEach((shard, part) -> writeShard(shard, part, wait));
        return operations.incrementAndGet();
    }

    private Prepared prepare(PointsUpdate update) {
        CollectionParams p = meta.params();
        return switch (update) {
            case PointsUpdate.Upsert u -> new Prepared(new PointsUpdate.Upsert(dedupe(u.points(), PointStruct::id)
                    .stream().map(pt -> VectorValidation.checked(p, pt)).toList()), List.of());
            case PointsUpdate.UpdateVectors u -> {
                List<PointVectors> checked = dedupe(u.points(), PointVectors::id).stream()
                        .map(pv -> new PointVectors(pv.id(), VectorValidation.checked(p, pv.vectors()))).toList();
                yield new Prepared(new PointsUpdate.UpdateVectors(checked),
                        checked.stream().map(PointVectors::id).toList());
            }
            case PointsUpdate.DeleteVectors d -> {
                for (String v : d.vectorNames()) {
                    if (p.vector(v) == null) {
                        throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                                + VectorValidation.displayName(v));
                    }
                }
                yield selected(update, d.selector(), true);
            }
            case PointsUpdate.Delete d -> selected(update, d.selector(), false);
            case PointsUpdate.SetPayload s -> selected(update, s.selector(), true);
            case PointsUpdate.OverwritePayload o -> selected(update, o.selector(), true);
            case PointsUpdate.DeletePayload d -> selected(update, d.selector(), true);
            case PointsUpdate.ClearPayload c -> selected(update, c.selector(), true);
        };
    }

    private static Prepared selected(PointsUpdate update, PointsSelector selector, boolean needsExisting) {
        return new Prepared(update, needsExisting && selector.ids() != null
                ? selector.ids().stream().distinct().toList() : List.of());
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

    /** The update's part for each shard it touches; an update by filter goes to every shard. */
    private Map<Integer, PointsUpdate> split(PointsUpdate update) {
        ShardRouter r = router;
        return switch (update) {
            case PointsUpdate.Upsert u -> byShard(r, u.points(), PointStruct::id, PointsUpdate.Upsert::new);
            case PointsUpdate.UpdateVectors u -> byShard(r, u.points(), PointVectors::id, PointsUpdate.UpdateVectors::new);
            case PointsUpdate.Delete d -> bySelector(r, d.selector(), PointsUpdate.Delete::new);
            case PointsUpdate.SetPayload s -> bySelector(r, s.selector(),
                    sel -> new PointsUpdate.SetPayload(sel, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> bySelector(r, o.selector(),
                    sel -> new PointsUpdate.OverwritePayload(sel, o.payload()));
            case PointsUpdate.DeletePayload d -> bySelector(r, d.selector(),
                    sel -> new PointsUpdate.DeletePayload(sel, d.keys()));
            case PointsUpdate.ClearPayload c -> bySelector(r, c.selector(), PointsUpdate.ClearPayload::new);
            case PointsUpdate.DeleteVectors d -> bySelector(r, d.selector(),
                    sel -> new PointsUpdate.DeleteVectors(sel, d.vectorNames()));
        };
    }

    /** Items grouped by the shard their id routes to, each group made into {@code part}. */
    private static <T, P> Map<Integer, P> byShard(ShardRouter r, List<T> items, Function<T, PointId> id,
                                                  Function<List<T>, P> part) {
        Map<Integer, List<T>> parts = new TreeMap<>();
        for (T t : items) {
            parts.computeIfAbsent(r.shardOf(id.apply(t)), k -> new ArrayList<>()).add(t);
        }
        Map<Integer, P> out = new TreeMap<>();
        parts.forEach((shard, list) -> out.put(shard, part.apply(list)));
        return out;
    }

    private Map<Integer, PointsUpdate> bySelector(ShardRouter r, PointsSelector selector,
                                                  Function<PointsSelector, PointsUpdate> part) {
        if (selector.filter() != null) {
            Map<Integer, PointsUpdate> out = new TreeMap<>();
            for (int shard : meta.shards().keySet()) {
                out.put(shard, part.apply(selector));
            }
            return out;
        }
        return byShard(r, selector.ids().stream().distinct().toList(), Function.identity(),
                ids -> part.apply(PointsSelector.ids(ids)));
    }

    /** Sends one shard's part to its primary, following the primary when it moves; returns the seq it got. */
    private long writeShard(int shard, PointsUpdate part, boolean wait) {
        long deadline = System.nanoTime() + cluster.replicationTimeout().multipliedBy(3).toNanos();
        while (true) {
            CollectionMeta m = meta;
            ShardInfo info = m.shard(shard);
            long index = cluster.image().appliedIndex();
            try {
                if (info.primary() == 0) {
                    throw AtollException.unavailable("shard " + shard + " of collection `"
                            + name + "` has no active replica to write to");
                }
                if (info.primary() == cluster.self()) {
                    return writeAsPrimary(shard, part, wait);
                }
                return cluster.peers().forward(peerUri(info.primary()), ForwardRequest.newBuilder()
                        .setCollection(name).setShard(shard).setUpdate(ByteString.copyFrom(WireCodec.encode(part, PointsUpdate.class)))
                        .setWait(wait).setMetadataIndex(index).build()).getSeq();
            } catch (PeerUnreachableException | AtollException e) {
                boolean retry = e instanceof PeerUnreachableException
                        || e.getMessage() != null && e.getMessage().startsWith(NOT_PRIMARY);
                if (!retry) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw AtollException.unavailable("shard " + shard + " of collection `"
                            + name + "` has no reachable primary: " + e.getMessage());
                }
                // The primary moved or is being replaced: wait for newer metadata, then try again.
                cluster.awaitMetadata(index + 1, Duration.ofMillis(500));
            }
        }
    }

    /**
     * The primary's write: checks the shard still has enough in-sync replicas, logs and applies the part, and
     * returns once every in-sync replica has it (or was marked Dead). Also serves writes forwarded by other nodes.
     */
    public long writeAsPrimary(int shard, PointsUpdate part, boolean wait) {
        CollectionMeta m = meta;
        ShardInfo info = m.shard(shard);
        LocalReplica r = local.get(shard);
        ReplicationGroup group = r == null ? null : r.primary;
        if (info == null || info.primary() != cluster.self() || group == null || group.isClosed()) {
            throw AtollException.unavailable(NOT_PRIMARY + "peer " + cluster.self() + " is not the primary of shard "
                    + shard + " of collection `" + name + "`");
        }
        requireWritable(m, shard);
        long seq = r.shard.write(planFor(part), wait, group::logged);
        if (seq > 0) {
            group.awaitReplicated(seq, cluster.replicationTimeout().multipliedBy(4));
        }
        return seq;
    }

    /** A shard with fewer Active replicas than write_consistency_factor takes no writes. */
    private void requireWritable(CollectionMeta m, int shard) {
        int inSync = (int) m.shard(shard).countInState(ReplicaState::isInSync);
        int needed = m.params().writeConsistencyFactor();
        if (inSync < needed) {
            throw AtollException.unavailable("shard " + shard + " of collection `" + name + "` has " + inSync
                    + " active replicas, write_consistency_factor is " + needed);
        }
    }

    /** The operation a part becomes on its primary; filters are resolved there, under the shard's write lock. */
    private static OperationPlan planFor(PointsUpdate part) {
        return switch (part) {
            case PointsUpdate.Upsert u -> OperationPlan.of(new ShardOperation.Upsert(u.points()));
            case PointsUpdate.UpdateVectors u -> existing(u.points().stream().map(PointVectors::id).toList(),
                    new ShardOperation.UpdateVectors(u.points()));
            case PointsUpdate.Delete d -> selected(d.selector(), ShardOperation.Delete::new);
            case PointsUpdate.SetPayload s -> selected(s.selector(),
                    ids -> new ShardOperation.SetPayload(ids, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> selected(o.selector(),
                    ids -> new ShardOperation.OverwritePayload(ids, o.payload()));
            case PointsUpdate.DeletePayload d -> selected(d.selector(),
                    ids -> new ShardOperation.DeletePayloadKeys(ids, d.keys()));
            case PointsUpdate.ClearPayload c -> selected(c.selector(), ShardOperation.ClearPayload::new);
            case PointsUpdate.DeleteVectors d -> selected(d.selector(),
                    ids -> new ShardOperation.DeleteVectors(ids, d.vectorNames()));
        };
    }

    private static OperationPlan selected(PointsSelector selector, Function<List<PointId>, ShardOperation> op) {
        if (selector.filter() != null) {
            return engine -> op.apply(engine.matchingIds(selector.filter()));
        }
        ShardOperation o = op.apply(selector.ids());
        return o.modifiesExisting() ? existing(selector.ids(), o) : OperationPlan.of(o);
    }

    /** Refuses, under the primary's write lock, an operation on points that do not exist. */
    private static OperationPlan existing(List<PointId> ids, ShardOperation op) {
        return engine -> {
            for (PointId id : ids) {
                if (!engine.exists(id)) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            return op;
        };
    }

    /**
     * Replays the batch's effect on which points exist, from the current state. A delete by filter cannot be
     * foreseen without resolving it, so updates after one are checked only when their turn comes (as they always
     * are again, since another request may delete a point between this check and the write).
     */
    private void requireExistingThroughout(List<Prepared> prepared) {
        Map<PointId, Boolean> exists = new HashMap<>();
        for (Prepared p : prepared) {
            List<PointId> unknown = p.mustExist().stream().filter(id -> !exists.containsKey(id)).toList();
            Set<PointId> found = existing(unknown);
            unknown.forEach(id -> exists.put(id, found.contains(id)));
            for (PointId id : p.mustExist()) {
                if (!exists.get(id)) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            switch (p.update()) {
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

    private Set<PointId> existing(List<PointId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<PointId> out = new HashSet<>();
        fanOut(readsById(ids, ShardRead.Exists::new), ReadConsistency.ONE).forEach(p -> p.points().forEach(pt -> out.add(pt.id())));
        return out;
    }

    private String peerUri(long peer) {
        PeerInfo p = cluster.image().peers().get(peer);
        if (p == null) {
            throw AtollException.unavailable("peer " + peer + " is not in the cluster");
        }
        return p.uri();
    }

    // ---------------------------------------------------------------- reads

    /** Nearest neighbours across all shards: each shard's best limit+offset, merged, then offset applied. */
    public List<ScoredPoint> search(VectorQuery q, ReadConsistency consistency) {
        CollectionParams p = meta.params();
        float[] vector = VectorValidation.checked(p, q.using(), q.vector());
        requireKnownVectors(p, q.withVector());
        Distance d = p.vector(q.using()).distance();
        VectorQuery perShard = new VectorQuery(q.using(), vector, q.filter(), q.limit() + q.offset(), 0,
                q.scoreThreshold(), q.hnswEf(), q.exact(), q.withPayload(), q.withVector(), q.exclude());
        List<ScoredPoint> all = new ArrayList<>();
        readAll(new ShardRead.Search(perShard), consistency).forEach(r -> all.addAll(r.points()));
        all.sort((a, b) -> d.compareBestFirst(a.score(), b.score()));
        int from = Math.min(q.offset(), all.size());
        int to = Math.min(all.size(), from + q.limit());
        return new ArrayList<>(all.subList(from, to));
    }

    public List<ScoredPoint> search(VectorQuery q) {
        return search(q, ReadConsistency.ONE);
    }

    /** The stored vector of a point, for queries that name a point instead of giving a vector. */
    public float[] vectorOf(PointId id, String using) {
        if (meta.params().vector(using) == null) {
            throw AtollException.badRequest("Wrong input: Not existing vector name error: " + VectorValidation.displayName(using));
        }
        List<ScoredPoint> found = retrieve(List.of(id), PayloadSelector.NONE, new VectorSelector.Named(List.of(using)),
                ReadConsistency.ONE);
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
    public ScrollPage scroll(ScrollQuery q, ReadConsistency consistency) {
        requireKnownVectors(meta.params(), q.withVector());
        ShardRead.Scroll read = new ShardRead.Scroll(q);
        return read.merge(readAll(read, consistency));
    }

    public ScrollPage scroll(ScrollQuery q) {
        return scroll(q, ReadConsistency.ONE);
    }

    /** A with_vector list naming a vector the collection does not have is a mistake, as in Qdrant, not an empty answer. */
    private static void requireKnownVectors(CollectionParams p, VectorSelector selector) {
        if (selector instanceof VectorSelector.Named named) {
            for (String n : named.names()) {
                if (p.vector(n) == null) {
                    throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                            + VectorValidation.displayName(n));
                }
            }
        }
    }

    public long count(Filter filter, ReadConsistency consistency) {
        return readAll(new ShardRead.Count(filter), consistency).stream().mapToLong(Long::longValue).sum();
    }

    public long count(Filter filter) {
        return count(filter, ReadConsistency.ONE);
    }

    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector,
                                      ReadConsistency consistency) {
        requireKnownVectors(meta.params(), withVector);
        Map<PointId, ScoredPoint> found = new HashMap<>();
        fanOut(readsById(ids, list -> new ShardRead.Retrieve(list, withPayload, withVector)), consistency).forEach(p -> p.points().forEach(pt -> found.put(pt.id(), pt)));
        List<ScoredPoint> out = new ArrayList<>();
        for (PointId id : ids.stream().distinct().toList()) {
            ScoredPoint p = found.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector) {
        return retrieve(ids, withPayload, withVector, ReadConsistency.ONE);
    }

    /**
     * Counts for collection info, from one readable replica of each shard. A shard with no readable replica
     * counts as empty here rather than failing the info call.
     */
    public CollectionStats stats() {
        long points = 0;
        long vectors = 0;
        int segments = 0;
        for (int shard : meta.shards().keySet()) {
            try {
                ShardStats st = readShard(shard, new ShardRead.Stats(), ReadConsistency.ONE);
                points += st.pointsCount();
                vectors += st.indexedVectorsCount();
                segments += st.segmentsCount();
            } catch (AtollException | PeerUnreachableException e) {
                LOG.debug("no stats for shard {} of {}: {}", shard, name, e.getMessage());
            }
        }
        Map<String, Long> payloadPoints = new HashMap<>();
        for (String field : meta.params().payloadSchema().keySet()) {
            long n = 0;
            for (int shard : meta.shards().keySet()) {
                try {
                    n += readShard(shard, new ShardRead.CountWithPayloadKey(field), ReadConsistency.ONE);
                } catch (AtollException | PeerUnreachableException e) {
                    LOG.debug("no payload count for shard {} of {}: {}", shard, name, e.getMessage());
                }
            }
            payloadPoints.put(field, n);
        }
        return new CollectionStats(points, vectors, segments, payloadPoints);
    }

    /** One replica's checksum, or why there is none: not readable in its state, or its node did not answer. */
    public record ReplicaChecksum(int shard, long peer, ReplicaState state, ShardRead.Checksum.Digest digest,
                                  String error) {
    }

    /**
     * The checksum of every replica of every shard, each read from its own node, so that an operator (or the
     * fault-injection checker) can see whether the replicas of a shard agree.
     */
    public List<ReplicaChecksum> replicaChecksums() {
        List<ReplicaChecksum> out = new ArrayList<>();
        for (ShardInfo info : meta.shards().values()) {
            info.replicas().forEach((peer, state) -> {
                if (!state.isReadable()) {
                    out.add(new ReplicaChecksum(info.id(), peer, state, null, "not readable in state " + state.apiName()));
                    return;
                }
                try {
                    ShardRead.Checksum read = new ShardRead.Checksum();
                    ShardRead.Checksum.Digest d = (peer == cluster.self() ? readLocal(info.id(), read)
                            : readRemote(peer, info.id(), read)).value();
                    out.add(new ReplicaChecksum(info.id(), peer, state, d, null));
                } catch (PeerUnreachableException | AtollException e) {
                    out.add(new ReplicaChecksum(info.id(), peer, state, null, e.getMessage()));
                }
            });
        }
        return out;
    }

    /** A read of each shard holding some of {@code ids}, given that shard's ids. */
    private Map<Integer, ShardRead<ShardRead.Points>> readsById(List<PointId> ids,
                                                                Function<List<PointId>, ShardRead<ShardRead.Points>> read) {
        return byShard(router, ids, Function.identity(), read);
    }

    /** The same read on every shard. */
    private <R> List<R> readAll(ShardRead<R> read, ReadConsistency consistency) {
        Map<Integer, ShardRead<R>> reads = new TreeMap<>();
        for (int shard : meta.shards().keySet()) {
            reads.put(shard, read);
        }
        return fanOut(reads, consistency);
    }

    /** Runs each shard's read, in parallel when any of them leaves this node. */
    private <R> List<R> fanOut(Map<Integer, ShardRead<R>> reads, ReadConsistency consistency) {
        boolean allLocal = consistency == ReadConsistency.ONE && reads.keySet().stream().allMatch(this::readsLocally);
        if (allLocal || reads.size() == 1) {
            List<R> out = new ArrayList<>();
            reads.forEach((shard, read) -> out.add(readShard(shard, read, consistency)));
            return out;
        }
        List<Future<R>> futures = new ArrayList<>();
        reads.forEach((shard, read) -> futures.add(FAN_OUT.submit(() -> readShard(shard, read, consistency))));
        List<R> out = new ArrayList<>();
        for (Future<R> f : futures) {
            try {
                out.add(f.get());
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

    private boolean readsLocally(int shard) {
        ShardInfo info = meta.shard(shard);
        ReplicaState st = info == null ? null : info.replicas().get(cluster.self());
        return st != null && st.isReadable() && local.containsKey(shard);
    }

    /**
     * One shard's answer: from as many readable replicas as the consistency asks, this node's first, merged.
     * Replicas that do not answer are skipped, and so are those behind in an older primary term than another
     * answer (see ReplicaAnswers); too few answers is a 503 naming the shard, never a partial result. A read
     * from more than one replica is also confirmed (see confirm) before it is answered.
     */
    private <R> R readShard(int shard, ShardRead<R> read, ReadConsistency consistency) {
        ShardInfo info = meta.shard(shard);
        List<Long> readable = new ArrayList<>();
        info.replicas().forEach((peer, state) -> {
            if (state.isReadable()) {
                readable.add(peer);
            }
        });
        readable.sort(Comparator.comparing(peer -> peer != cluster.self()));
        int needed = Math.max(1, consistency.required(info.replicas().size()));
        ReplicaAnswers<R> answers = new ReplicaAnswers<>();
        String lastError = null;
        for (long peer : readable) {
            if (answers.current().size() == needed) {
                break;
            }
            try {
                answers.add(peer == cluster.self() ? readLocal(shard, read) : readRemote(peer, shard, read));
            } catch (PeerUnreachableException | AtollException e) {
                lastError = e.getMessage();
            }
        }
        List<ReplicaAnswers.Answer<R>> current = answers.current();
        if (current.size() < needed) {
            throw AtollException.unavailable("shard " + shard + " of collection `" + name
                    + "` has " + current.size() + " readable replicas answering in its newest term, " + needed
                    + " needed" + (answers.behind() > 0 ? " (" + answers.behind() + " behind in an older term)" : "")
                    + (lastError == null ? "" : " (" + lastError + ")"));
        }
        if (consistency.mode() != ReadConsistency.Mode.ONE) {
            confirm(shard, current);
        }
        List<R> values = current.stream().map(ReplicaAnswers.Answer::value).toList();
        return values.size() == 1 ? values.getFirst() : read.merge(values);
    }

    /**
     * Makes a read from several replicas linearizable: it must reflect every write acknowledged before it began,
     * and nothing that a failover could still take back. First this node catches up with the metadata (a Raft
     * read-index round), so a node cut off from the majority answers no such read, and checks that the shard is
     * still in the term the replicas answered in and that each of them is still in sync. Then the primary checks
     * that it still leads in that term, that each replica follows its log, and waits until every record up to the
     * furthest answer is durable on every in-sync replica. What the answers hold is then acknowledged or
     * committed, and a write acknowledged before the read began is in each of them.
     */
    private void confirm(int shard, List<? extends ReplicaAnswers.Answer<?>> answers) {
        cluster.syncMetadata();
        ShardInfo info = meta.shard(shard);
        long term = answers.getFirst().term();
        if (info == null || info.term() != term) {
            throw AtollException.unavailable("shard " + shard + " of collection `" + name + "` changed primary while "
                    + "it was read (the replicas answered in term " + term + "); try again");
        }
        ConfirmReadRequest.Builder request = ConfirmReadRequest.newBuilder().setCollection(name).setShard(shard)
                .setTerm(term).setMetadataIndex(cluster.image().appliedIndex());
        for (ReplicaAnswers.Answer<?> a : answers) {
            ReplicaState st = info.replicas().get(a.peer());
            if (st == null || !st.isInSync()) {
                throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + name
                        + "` on peer " + a.peer() + " left the in-sync replicas while it was read; try again");
            }
            request.addPositions(ReplicaPosition.newBuilder().setPeer(a.peer()).setSeq(a.position().seq())
                    .setRecordTerm(a.position().term()));
        }
        if (info.primary() == cluster.self()) {
            confirmAsPrimary(request.build());
        } else {
            try {
                cluster.peers().confirmRead(peerUri(info.primary()), request.build());
            } catch (PeerUnreachableException e) {
                throw AtollException.unavailable("the primary of shard " + shard + " of collection `" + name
                        + "` could not confirm the read: " + e.getMessage());
            }
        }
    }

    /**
     * The primary's side of {@link #confirm}: returns once the replicas' answers can stand, or fails. Also serves
     * confirmations asked by other nodes.
     */
    public void confirmAsPrimary(ConfirmReadRequest request) {
        int shard = request.getShard();
        LocalReplica r = local.get(shard);
        ReplicationGroup group = r == null ? null : r.primary;
        if (group == null || group.term != request.getTerm() || group.isClosed()) {
            throw AtollException.unavailable(NOT_PRIMARY + "peer " + cluster.self() + " is not the primary of shard "
                    + shard + " of collection `" + name + "` in term " + request.getTerm());
        }
        long upTo = 0;
        for (ReplicaPosition p : request.getPositionsList()) {
            if (p.getPeer() != cluster.self() && !group.follows(p.getPeer())) {
                throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + name
                        + "` on peer " + p.getPeer() + " no longer follows its primary; try again");
            }
            String divergence = r.shard.divergenceOf(p.getSeq(), p.getRecordTerm());
            if (divergence != null) {
                throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + name
                        + "` on peer " + p.getPeer() + " answered from records its primary does not hold ("
                        + divergence + "); try again");
            }
            upTo = Math.max(upTo, p.getSeq());
        }
        r.shard.awaitDurable(upTo);
        group.awaitReplicated(upTo, cluster.replicationTimeout().multipliedBy(4));
    }

    /**
     * Serves a read of a replica on this node (for this node, or for another node's request), with the replica's
     * term, read before the read runs: a term that moves on meanwhile only makes the answer count for less.
     */
    public <R> ReplicaAnswers.Answer<R> readLocal(int shard, ShardRead<R> read) {
        LocalReplica r = local.get(shard);
        ShardInfo info = meta.shard(shard);
        ReplicaState st = info == null ? null : info.replicas().get(cluster.self());
        if (r == null || st == null || !st.isReadable()) {
            throw AtollException.unavailable("the replica of shard " + shard + " of collection `"
                    + name + "` on peer " + cluster.self() + " is not readable");
        }
        long term = r.shard.term();
        try {
            R value = read.run(r.shard.engine());
            return new ReplicaAnswers.Answer<>(value, cluster.self(), term, r.shard.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <R> ReplicaAnswers.Answer<R> readRemote(long peer, int shard, ShardRead<R> read) {
        ShardReadResponse resp = cluster.peers().read(peerUri(peer), ShardReadRequest.newBuilder()
                .setCollection(name).setShard(shard).setQuery(ByteString.copyFrom(WireCodec.encode(read, ShardRead.class)))
                .setMetadataIndex(cluster.image().appliedIndex()).build());
        try {
            return new ReplicaAnswers.Answer<>(WireCodec.decode(resp.getResult().toByteArray(), read.resultType()),
                    peer, resp.getTerm(), new LogPosition(resp.getLastSeq(), resp.getLastRecordTerm()));
        } catch (IOException e) {
            throw AtollException.internal("unreadable answer from peer " + peer + ": " + e.getMessage(), e);
        }
    }

    /** Commits every local replica's index and trims its WAL. */
    public void flush() throws IOException {
        for (LocalReplica r : local.values()) {
            r.shard.flush();
        }
    }

    public void refresh() throws IOException {
        for (LocalReplica r : local.values()) {
            r.shard.refresh();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (LocalReplica r : local.values()) {
            stopPrimary(r);
            try {
                r.shard.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        local.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Deletes the collection's data on this node; called after it is closed. */
    public void deleteData() throws IOException {
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Counts for collection info. */
    public record CollectionStats(long pointsCount, long indexedVectorsCount, int segmentsCount,
                                  Map<String, Long> payloadPoints) {
    }
}
