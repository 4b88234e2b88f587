package io.atoll.replication;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.LocalShard;
import io.atoll.shard.OperationPlan;
import io.atoll.transport.proto.ReplicaPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica on this node, as the metadata it last followed describes it: its shard (WAL and engine) and, while it
 * is its shard's primary, the replication of that term. The node's reconciler opens it, has it follow each image
 * that concerns it, and closes it; coordinators and peers write and read through it. Thread-safe: following is
 * serialized on this object, the rest reads volatile state.
 */
public final class LocalReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReplica.class);

    /** The collection and shard this replica last followed. */
    private record Followed(CollectionMeta collection, ShardInfo shard) {
        CollectionParams params() {
            return collection.params();
        }
    }

    private final ReplicaId id;
    private final LocalShard shard;
    private final ReplicationContext context;
    private volatile Followed followed;
    private volatile ReplicationGroup primary;
    /** What resharding asks of the primary, for the primary's term (null while not primary). */
    private volatile ReshardingRole resharding;
    private final AtomicBoolean steppingDown = new AtomicBoolean();
    private final FileHolds files = new FileHolds();

    public LocalReplica(ReplicaId id, LocalShard shard, ReplicationContext context) {
        this.id = id;
        this.shard = shard;
        this.context = context;
    }

    public ReplicaId id() {
        return id;
    }

    public LocalShard shard() {
        return shard;
    }

    /** Who reads this replica's files and must keep them past a drop (snapshot archives). */
    public FileHolds files() {
        return files;
    }

    /** The peer this replica is on. */
    public long self() {
        return context.self();
    }

    /** This replica's state in the metadata it last followed; null before it followed any. */
    public ReplicaState state() {
        Followed f = followed;
        return f == null ? null : f.shard().state(context.self());
    }

    /** Follows a shard of a collection that is not being resharded (tests of replication alone). */
    public void follow(ShardInfo info, CollectionParams params, Map<Long, PeerInfo> peers) {
        follow(new CollectionMeta(id.collection(), "", params, new TreeMap<>(Map.of(info.id(), info))), info, peers);
    }

    /**
     * Follows the metadata: adopts the shard's term (older primaries are refused from then on), applies new
     * collection params, starts, updates or stops being the primary, and as primary does what a resharding of the
     * collection asks of it.
     */
    public synchronized void follow(CollectionMeta collection, ShardInfo info, Map<Long, PeerInfo> peers) {
        Followed previous = followed;
        CollectionParams params = collection.params();
        if (previous != null && !previous.params().equals(params)) {
            shard.engine().updateParams(params);
        }
        followed = new Followed(collection, info);
        ReplicaState mine = info.state(context.self());
        if (mine != null && mine.isInSync()) {
            shard.copies().markComplete();
        }
        if (info.primary() == context.self()) {
            ReplicationGroup g = primary;
            if (g == null || g.term != info.term() || g.isClosed()) {
                stopPrimary();
                shard.advanceTerm(info.term());
                g = new ReplicationGroup(id, info.term(), shard, context);
                // The role first: a writer that finds the new group finds its role too.
                resharding = new ReshardingRole(g, context, collection);
                primary = g;
                LOG.info("shard {}: primary in term {}", id, info.term());
            }
            g.update(info, peers);
            resharding.follow(collection);
        } else {
            stopPrimary();
            shard.advanceTerm(info.term());
        }
    }

    private void stopPrimary() {
        ReplicationGroup g = primary;
        ReshardingRole r = resharding;
        primary = null;
        resharding = null;
        if (r != null) {
            r.close();
        }
        if (g != null) {
            g.close();
        }
    }

    /** This node's replication of the shard, when it leads it in {@code term} (any term when 0). */
    private ReplicationGroup leading(long term) {
        ReplicationGroup g = primary;
        if (g == null || !g.isLive() || term != 0 && g.term != term) {
            throw AtollException.notPrimary("peer " + context.self() + " is not the primary of shard " + id.shard()
                    + " of collection `" + id.collection() + "`" + (term == 0 ? "" : " in term " + term));
        }
        return g;
    }

    /** The resharding role of {@code group}'s term; not primary when the replica moved to another term since. */
    private ReshardingRole roleOf(ReplicationGroup group) {
        ReshardingRole role = resharding;
        if (role == null || !role.of(group)) {
            throw AtollException.notPrimary("shard " + id.shard() + " of collection `" + id.collection()
                    + "` has a new primary");
        }
        return role;
    }

    /**
     * The primary's write: checks the shard still has enough in-sync replicas, logs and applies the part, and
     * returns once every in-sync replica has it (or was marked Dead). Returns its seq (0 when it changed nothing).
     */
    public long writeAsPrimary(PointsUpdate part, boolean wait) {
        return writeAsPrimary(part, wait, 0);
    }

    /**
     * The same, for a part its coordinator routed by the image at {@code routedAt} (0 when not known: then the
     * collection's routing fence does not apply).
     */
    public long writeAsPrimary(PointsUpdate part, boolean wait, long routedAt) {
        ReplicationGroup group = leading(0);
        ReshardingRole role = roleOf(group);
        Followed f = followed;
        WriteConsistency.require(id.collection(), f.shard(), f.params());
        group.enterWrite();
        try {
            List<MigrationSender> forwarding = new ArrayList<>(1);
            long seq = shard.write(role.admit(WritePlans.planFor(part), WritePlans.named(part), routedAt), wait,
                    group.term,
                    op -> {
                        group.logged(op, wait);
                        forwarding.addAll(role.logged(op));
                    });
            if (seq > 0) {
                group.awaitReplicated(seq, context.timeout().multipliedBy(4));
                ReshardingRole.awaitForwarded(forwarding, seq, context.timeout().multipliedBy(4));
            }
            return seq;
        } catch (AtollException e) {
            if (shard.storageFailure() != null) {
                stepDown(group);
            }
            throw e;
        } finally {
            group.exitWrite();
        }
    }

    /**
     * As the primary of a resharding's target: logs and applies what the source {@code from} sent (a write's part
     * for the moving points, or a copied page and the drop of the source's points its range no longer holds) as
     * this shard's own writes, and returns once every in-sync replica has them.
     */
    public long writeMigrated(String uuid, int from, long sourceTerm, ShardOperation op, List<ScoredPoint> page,
                              PointId rangeFrom, PointId rangeTo) {
        ReplicationGroup group = leading(0);
        ReshardingRole role = roleOf(group);
        role.admitMigrated(uuid, from, sourceTerm);
        group.enterWrite();
        try {
            List<OperationPlan> plans = page == null ? List.of(OperationPlan.of(op))
                    : List.of(role.droppedFromPage(uuid, from, sourceTerm, page, rangeFrom, rangeTo),
                            OperationPlan.of(ReshardingRole.upsertOf(page)));
            long last = 0;
            for (OperationPlan plan : plans) {
                // Visible when taken, on every replica: the source acknowledges a write only after this, and reads
                // may switch to this shard right after.
                long seq = shard.write(engine -> {
                    role.admitMigrated(uuid, from, sourceTerm);
                    return plan.plan(engine);
                }, true, group.term, logged -> group.logged(logged, true));
                last = Math.max(last, seq);
            }
            if (last > 0) {
                group.awaitReplicated(last, context.timeout().multipliedBy(4));
            }
            return last;
        } finally {
            group.exitWrite();
        }
    }

    /**
     * This primary's storage failed (a full disk, an fsync error): it cannot take writes until it is reopened,
     * so it reports its own replica Dead and an in-sync replica, which holds every acknowledged write, becomes
     * primary. Refused while it is the last in-sync replica: then there is nowhere else to write. Once asked, the
     * report is tried again in the background until the shard moves to another term.
     */
    private void stepDown(ReplicationGroup group) {
        if (!steppingDown.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("shard {}: storage failed ({}); stepping down as primary in term {}", id, shard.storageFailure(),
                group.term);
        Thread.ofVirtual().name("step-down-" + id.collection() + "-" + id.shard()).start(() -> {
            for (int attempt = 0; attempt < 60 && group.isLive(); attempt++) {
                try {
                    ReplicaFailures.Outcome o = context.failures().markDead(id.collection(), id.shard(),
                            context.self(), id.incarnation(), group.term);
                    LOG.info("shard {}: step-down reported: {}", id, o);
                    return;
                } catch (AtollException e) {
                    LOG.warn("shard {}: cannot report the step-down yet: {}", id, e.getMessage());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }


    /**
     * The primary's side of a linearizable read: returns once the answers of the replicas at {@code positions}
     * can stand, or fails. Each replica must still follow this primary in {@code term} and hold a prefix of its
     * log, and every record up to the furthest answer must be durable on every in-sync replica.
     */
    public void confirmRead(long term, List<ReplicaPosition> positions) {
        ReplicationGroup group = leading(term);
        long upTo = 0;
        for (ReplicaPosition p : positions) {
            if (p.getPeer() != context.self() && !group.follows(p.getPeer())) {
                throw AtollException.unavailable("the replica of shard " + id.shard() + " of collection `"
                        + id.collection() + "` on peer " + p.getPeer() + " no longer follows its primary; try again");
            }
            String divergence = shard.divergenceOf(p.getSeq(), p.getRecordTerm());
            if (divergence != null) {
                throw AtollException.unavailable("the replica of shard " + id.shard() + " of collection `"
                        + id.collection() + "` on peer " + p.getPeer() + " answered from records its primary does not "
                        + "hold (" + divergence + "); try again");
            }
            upTo = Math.max(upTo, p.getSeq());
        }
        shard.awaitDurable(upTo);
        group.awaitReplicated(upTo, context.timeout().multipliedBy(4));
    }

    /**
     * Opens the primary's stream that fills the transfer target on {@code peer} (see
     * {@link ReplicationGroup#openTransfer}); only the primary of {@code term} does.
     */
    public TransferLink openTransfer(long term, long peer, long incarnation, String uri, boolean fromCutoff) {
        return leading(term).openTransfer(peer, incarnation, uri, fromCutoff);
    }

    /** The mode of this primary's stream to {@code peer}; null when it sends that replica nothing. */
    public StreamMode streamMode(long peer) {
        ReplicationGroup g = primary;
        return g == null ? null : g.modeOf(peer);
    }

    @Override
    public synchronized void close() throws IOException {
        stopPrimary();
        shard.close();
    }
}
