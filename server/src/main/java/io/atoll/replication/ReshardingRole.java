package io.atoll.replication;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.codec.OperationCodec;
import io.atoll.error.AtollException;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.routing.ShardRouter;
import io.atoll.shard.LoggedOp;
import io.atoll.shard.OperationPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What resharding asks of one replica while it is its shard's primary (ARCHITECTURE.md section 8): which points
 * it takes writes for (those its write ring routes to it), the {@link MigrationSender}s of a source, what a
 * target accepts from a source, and deleting what a finished or aborted resharding left on it. One per primary
 * term; the replica hands it every image it follows. Thread-safe: following is serialized by the replica, the
 * senders are published through a volatile list.
 */
final class ReshardingRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReshardingRole.class);
    private static final int CLEAN_BATCH = 1024;

    private final ReplicationGroup group;
    private final ReplicationContext context;
    private volatile List<MigrationSender> senders = List.of();
    private volatile CollectionMeta meta;
    /** The router of {@code meta}'s write ring, made once per image rather than once per write. */
    private volatile ShardRouter writeRing;
    private Thread cleaner;
    private volatile boolean closed;

    /** A role for {@code group}'s term, admitting writes by {@code c} until it follows it (or a newer image). */
    ReshardingRole(ReplicationGroup group, ReplicationContext context, CollectionMeta c) {
        this.group = group;
        this.context = context;
        this.meta = c;
        this.writeRing = new ShardRouter(c.writeRing(c.keyOf(shard())));
    }

    /** Whether this is the role of {@code g}'s term. */
    boolean of(ReplicationGroup g) {
        return group == g;
    }

    private int shard() {
        return group.id.shard();
    }

    /**
     * Follows an image of the collection: starts and stops senders, and the cleanup when it is due. The image
     * and the senders change together under the shard's write lock, so a write is admitted by the ring its
     * forwarding matches: one admitted by the old write ring is queued in the senders still open.
     */
    synchronized void follow(CollectionMeta c) {
        List<MigrationScope> wanted = MigrationScope.outgoing(c, shard());
        List<MigrationSender> keep = new ArrayList<>();
        List<MigrationSender> stop = new ArrayList<>();
        List<MigrationSender> start = new ArrayList<>();
        for (MigrationSender s : senders) {
            (wanted.stream().anyMatch(w -> w.uuid().equals(s.uuid) && w.to() == s.target) ? keep : stop).add(s);
        }
        for (MigrationScope w : wanted) {
            if (keep.stream().noneMatch(s -> s.uuid.equals(w.uuid()) && s.target == w.to())) {
                MigrationSender s = new MigrationSender(group, context, w);
                keep.add(s);
                start.add(s);
            }
        }
        ShardRouter ring = new ShardRouter(c.writeRing(c.keyOf(shard())));
        group.local.underWriteLock(() -> {
            meta = c;
            writeRing = ring;
            senders = List.copyOf(keep);
            stop.forEach(MigrationSender::close);
        });
        start.forEach(MigrationSender::start); // after they are published: a copy's first page follows them
        if (c.unclean().contains(shard()) && (cleaner == null || !cleaner.isAlive())) {
            cleaner = Thread.ofVirtual().name("reshard-clean-" + group.id).start(this::clean);
        }
    }

    /**
     * The write's plan, admitted: a write naming points the write ring routes elsewhere is refused (WRONG_SHARD:
     * the coordinator splits it again by newer metadata) before it is planned, so that nothing is decided on a copy
     * this shard does not own (a point's existence, for a conditional upsert or a not-found); a write by filter
     * ({@code named} null) touches only the points this shard owns (others here are copies a resharding moved, or
     * leftovers to clean).
     */
    OperationPlan admit(OperationPlan plan, List<PointId> named, long routedAt) {
        return engine -> {
            // Read under the write lock, where follow() swaps them with the senders.
            ShardRouter ring = writeRing;
            long fence = meta.routingFence();
            if (routedAt != 0 && routedAt < fence) {
                throw AtollException.wrongShard("collection `" + group.id.collection() + "` changed where this "
                        + "write goes (at index " + fence + ", after the image at " + routedAt + " routed it)");
            }
            Predicate<PointId> owned = id -> ring.shardOf(id) == shard();
            if (named != null && !named.stream().allMatch(owned)) {
                throw AtollException.wrongShard("shard " + shard() + " of collection `" + group.id.collection()
                        + "` does not take writes for some of these points: a resharding routes them elsewhere");
            }
            ShardOperation op = plan.plan(engine);
            return op == null ? null : op.restrictedTo(owned);
        };
    }

    /**
     * Called under the write lock with each record the primary logs: the senders queue their part. Returns those
     * that did: its writer waits for exactly them, even if the image moves on meanwhile (a sender closed since
     * fails the wait, so the write is sent again to the shard that takes it now, never acknowledged without it).
     */
    List<MigrationSender> logged(LoggedOp op) {
        List<MigrationSender> current = senders;
        if (current.isEmpty()) {
            return List.of();
        }
        ShardOperation whole;
        try {
            whole = OperationCodec.decode(op.body()); // once for every sender
        } catch (IOException e) {
            throw AtollException.internal("cannot read back a logged record: " + e.getMessage(), e);
        }
        List<MigrationSender> queued = new ArrayList<>(1);
        for (MigrationSender s : current) {
            if (s.logged(op.seq(), whole)) {
                queued.add(s);
            }
        }
        return queued;
    }

    /** Returns once every target took its part of the write at {@code seq} (see {@link MigrationSender}). */
    static void awaitForwarded(List<MigrationSender> queued, long seq, Duration timeout) {
        for (MigrationSender s : queued) {
            s.awaitDelivered(seq, timeout);
        }
    }

    /**
     * Checks that this shard takes what {@code from}'s primary of {@code sourceTerm} sends for resharding
     * {@code uuid}: the resharding runs, its write ring is not committed (from then on this shard takes the writes
     * directly, and a late forward must not overwrite them), it migrates from there to here, and the sender still
     * leads its shard (a deposed primary's late forward would undo what its successor sent since).
     */
    void admitMigrated(String uuid, int from, long sourceTerm) {
        incoming(uuid, from, sourceTerm);
    }

    /** The migration {@code admitMigrated} admits, checked the same way. */
    private MigrationScope incoming(String uuid, int from, long sourceTerm) {
        // The source's term as this node knows it now (at least as new as the sender's metadata): this replica
        // follows only images that change its own shard or the resharding, not another shard's primary.
        CollectionMeta now = context.metadata().image().collections().get(group.id.collection());
        ShardInfo source = now == null ? null : now.shard(from);
        if (source == null || source.term() != sourceTerm) {
            throw AtollException.wrongShard("shard " + from + " of collection `" + group.id.collection()
                    + "` is no longer led in term " + sourceTerm);
        }
        MigrationScope in = MigrationScope.incoming(meta, uuid, from, shard());
        if (in == null) {
            throw AtollException.wrongShard("shard " + shard() + " of collection `" + group.id.collection()
                    + "` takes no migrated points from shard " + from + " for " + uuid + " now");
        }
        return in;
    }

    /**
     * The plan that drops the points of {@code from} in the page's range that the page no longer holds (deleted
     * at the source since an earlier copy, or no longer the tenant's; a first copy finds none).
     */
    OperationPlan droppedFromPage(String uuid, int from, long sourceTerm, List<ScoredPoint> page, PointId rangeFrom,
                                  PointId rangeTo) {
        Filter fromSource = incoming(uuid, from, sourceTerm).scope();
        Set<PointId> kept = new HashSet<>();
        page.forEach(p -> kept.add(p.id()));
        return engine -> {
            engine.refresh();
            List<PointId> gone = new ArrayList<>();
            PointId next = rangeFrom;
            do {
                ScrollPage held = engine.scroll(new ScrollQuery(fromSource, next, CLEAN_BATCH, PayloadSelector.NONE,
                        VectorSelector.NONE));
                for (ScoredPoint p : held.points()) {
                    if (rangeTo != null && p.id().compareTo(rangeTo) >= 0) {
                        return gone.isEmpty() ? null : new ShardOperation.Delete(gone);
                    }
                    if (!kept.contains(p.id())) {
                        gone.add(p.id());
                    }
                }
                next = held.nextOffset();
            } while (next != null);
            return gone.isEmpty() ? null : new ShardOperation.Delete(gone);
        };
    }

    static ShardOperation upsertOf(List<ScoredPoint> page) {
        return page.isEmpty() ? null : new ShardOperation.Upsert(page.stream()
                .map(p -> new PointStruct(p.id(), p.vectors(), p.payload())).toList());
    }

    /** Deletes every point the ring routes elsewhere, in batches through the log, then records the shard clean. */
    private void clean() {
        String collection = group.id.collection();
        try {
            while (!closed && group.isLive()) {
                CollectionMeta c = meta;
                if (!c.unclean().contains(shard())) {
                    return;
                }
                ShardRouter ring = new ShardRouter(c.ring(c.keyOf(shard())));
                Filter foreignHere = Filter.EMPTY.withMustNot(new Condition.InRing(ring.ring(), shard()));
                long seq = group.local.write(engine -> {
                    engine.refresh();
                    List<PointId> foreign = engine.matchingIds(foreignHere).stream().limit(CLEAN_BATCH).toList();
                    return foreign.isEmpty() ? null : new ShardOperation.Delete(foreign);
                }, true, group.term, op -> group.logged(op, true)); // visible everywhere before reads stop filtering
                if (seq > 0) {
                    group.awaitReplicated(seq, context.timeout().multipliedBy(4));
                    continue;
                }
                if (context.reports().shardCleaned(collection, shard())) {
                    LOG.info("shard {}: deleted what resharding moved away", group.id);
                    return;
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("shard {}: cleanup after resharding stopped ({}); the next primary term tries again",
                    group.id, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        senders.forEach(MigrationSender::close);
        senders = List.of();
        if (cleaner != null) {
            cleaner.interrupt();
        }
    }
}
