package io.atoll.replication;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.codec.OperationCodec;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.shard.CopyPage;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.MigrateRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resharding's source side on the source shard's primary, for one term and one target shard (ARCHITECTURE.md
 * section 8): it copies the points moving to the target and forwards every write to them, all through one queue
 * in the source's order, so the target applies the changes of each point in the order the source did. No version
 * from the source's log travels: the target logs what it is sent as its own writes, in that order.
 *
 * <p>Why one queue: a copied page is read under the source's write lock and queued before the lock is released
 * (see {@link io.atoll.shard.ShardCopies#copyPage}), and each write's part is queued under the same lock as it is
 * logged; so the page holds exactly the writes queued before it, and every later write follows it. A write is
 * acknowledged only once its part reached the target (see {@link #awaitDelivered}), so an acknowledged write is
 * in the target. A copy pass that completes under this term makes the migration synced in this term; a new
 * primary starts a new sender, whose pass copies what its predecessor may have logged without forwarding.
 *
 * <p>An item the target cannot take now (unreachable, no primary, behind) is sent again, in order, until it is
 * taken or the sender stops; one the target refuses for good (the resharding moved on: its write ring is
 * committed or it was aborted) fails its writers and is dropped. Thread-safe: the monitor guards the queue.
 */
final class MigrationSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationSender.class);
    private static final int PAGE = 256;
    private static final int MAX_QUEUED_PAGES = 4;

    /** What goes to the target, in order: a write's part, or a copied page with the id range it covers. */
    private sealed interface Item {
    }

    private record Forward(long seq, ShardOperation op) implements Item {
    }

    private record Page(CopyPage page, PointId from) implements Item {
    }

    final String uuid;
    final int target;
    private final ReplicaId source;
    private final long term;
    private final MigrationScope scope;
    private final ReplicationGroup group;
    private final ReplicationContext context;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** The writes the target refused for good, by seq, until their writers look (bounded); guarded by this. */
    private final java.util.LinkedHashMap<Long, String> refused = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, String> eldest) {
            return size() > 1024;
        }
    };
    private int queuedPages;
    private boolean closed;
    private volatile String lastError;

    MigrationSender(ReplicationGroup group, ReplicationContext context, MigrationScope scope) {
        this.group = group;
        this.context = context;
        this.source = group.id;
        this.term = group.term;
        this.uuid = scope.uuid();
        this.target = scope.to();
        this.scope = scope;
    }

    void start() {
        Thread.ofVirtual().name("migrate-" + source + "-to-" + target).start(this::send);
        Thread.ofVirtual().name("migrate-copy-" + source + "-to-" + target).start(this::copy);
    }

    /**
     * Called under the source's write lock with each logged record (seq and operation): queues its part for the
     * moving points, and says whether there was one (its writer then waits for it, see {@link #awaitDelivered}).
     */
    boolean logged(long seq, ShardOperation op) {
        ShardOperation part = scope.part(op);
        if (part == null) {
            return false;
        }
        synchronized (this) {
            queue.add(new Forward(seq, part));
            notifyAll();
        }
        return true;
    }

    /**
     * Returns once the write at {@code seq} reached the target (or had nothing for it); fails when the target
     * refused it for good, the sender stopped, or it took longer than {@code timeout}: its outcome is then unknown.
     */
    synchronized void awaitDelivered(long seq, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (queue.stream().anyMatch(i -> i instanceof Forward f && f.seq() == seq)) {
                if (closed) {
                    // The resharding moved on (its write ring is committed, or it ended): the write is sent again
                    // by newer metadata, to the shard that takes these points now.
                    throw AtollException.wrongShard("the migration to shard " + target + " stopped before it took "
                            + "the write");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw AtollException.unavailable("shard " + target + " of collection `" + source.collection()
                            + "`, where resharding moves these points, did not take the write"
                            + (lastError == null ? "" : " (" + lastError + ")") + "; it may or may not be applied");
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while forwarding a write to a resharding target");
        }
        String why = refused.remove(seq);
        if (why != null) {
            throw AtollException.wrongShard("resharding moved these points to shard " + target + " meanwhile ("
                    + why + "); the write may or may not be applied");
        }
    }

    /**
     * Copies every moving point once, then reports the migration synced in this term; a pass that fails (the
     * source's storage, the metadata) starts again after a pause, since copying a point again is harmless.
     */
    private void copy() {
        while (open()) {
            try {
                if (copyOnce()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                lastError = e.getMessage();
                LOG.warn("migration {} -> {}: copy failed, starting again: {}", source, target, e.toString());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean copyOnce() throws IOException, InterruptedException {
        PointId from = null;
        long copied = 0;
        long total = scope.scope().isEmpty()
                ? group.local.engine().stats().pointsCount() / Math.max(1, scope.shares())
                : group.local.engine().count(scope.scope());
        // Not synced until this pass completes, even in the term an earlier sender synced in (this node restarted
        // and leads again): writes logged before the restart may never have been forwarded.
        report(0, total, false);
        long lastReport = System.nanoTime();
        do {
            PointId start = from;
            CopyPage page = group.local.copies().copyPage(from, PAGE, scope.scope(), scope.byId(),
                    p -> enqueuePage(p, start));
            from = page.next();
            copied += page.points().size();
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                report(copied, total, false);
                lastReport = System.nanoTime();
            }
            awaitRoomForPages();
        } while (from != null && open());
        awaitPagesSent();
        while (open()) {
            if (report(copied, Math.max(copied, total), true)) {
                LOG.info("migration {} -> {}: synced in term {} ({} points)", source, target, term, copied);
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private synchronized void enqueuePage(CopyPage p, PointId from) {
        queue.add(new Page(p, from));
        queuedPages++;
        notifyAll();
    }

    private synchronized boolean open() {
        return !closed && group.isLive();
    }

    private synchronized void awaitRoomForPages() throws InterruptedException {
        while (queuedPages >= MAX_QUEUED_PAGES && !closed) {
            wait(200);
        }
    }

    private synchronized void awaitPagesSent() throws InterruptedException {
        while (queuedPages > 0 && !closed) {
            wait(200);
        }
    }

    /** Records the copy's progress; true once recorded. */
    private boolean report(long copied, long total, boolean synced) {
        try {
            return context.reports().migrationProgressed(source.collection(), uuid, source.shard(), target, term,
                    copied, total, synced, lastError);
        } catch (AtollException e) {
            LOG.debug("migration {} -> {}: progress not recorded: {}", source, target, e.getMessage());
            return false;
        }
    }

    /** Sends the queue's items in order until closed. */
    private void send() {
        while (true) {
            Item next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.peek();
            }
            String why = deliver(next);
            synchronized (this) {
                if (why == null && lastError != null) {
                    continue; // not taken: sent again after a pause
                }
                queue.poll();
                if (next instanceof Page) {
                    queuedPages--;
                } else if (next instanceof Forward f && why != null) {
                    refused.put(f.seq(), why);
                }
                notifyAll();
            }
        }
    }

    /**
     * Sends one item to the target's primary: null when taken, or not taken for now (then {@link #lastError} is
     * set and the caller sends it again); the reason when the target refuses it for good.
     */
    private String deliver(Item item) {
        try {
            CollectionMeta c = context.metadata().image().collections().get(source.collection());
            ShardInfo t = c == null ? null : c.shard(target);
            if (t == null || !MigrationScope.running(c, uuid)) {
                return "the resharding or replication is over";
            }
            PeerInfo primary = context.metadata().image().peers().get(t.primary());
            if (primary == null) {
                throw AtollException.unavailable("shard " + target + " has no primary");
            }
            MigrateRequest.Builder b = MigrateRequest.newBuilder().setCollection(source.collection())
                    .setFromShard(source.shard()).setSourceTerm(term).setToShard(target).setUuid(uuid)
                    .setMetadataIndex(context.metadataIndex());
            switch (item) {
                case Forward f -> b.setOperation(ByteString.copyFrom(OperationCodec.encode(f.op())));
                case Page p -> {
                    byte[] points = WireCodec.encode(p.page().points());
                    // Copies share the node's transfer rate limit; forwarded writes are not held back by it.
                    context.throttle().acquire(points.length);
                    b.setIsPage(true).setPage(ByteString.copyFrom(points));
                    if (p.from() != null) {
                        b.setRangeFrom(ByteString.copyFrom(p.from().key()));
                    }
                    if (p.page().next() != null) {
                        b.setRangeTo(ByteString.copyFrom(p.page().next().key()));
                    }
                }
            }
            context.transport().call(primary.uri(), PeerRpcs.MIGRATE, b.build());
            lastError = null;
            return null;
        } catch (AtollException e) {
            if (e.is(AtollException.Kind.WRONG_SHARD)) {
                lastError = null;
                return e.getMessage();
            }
            return retryLater(e);
        } catch (PeerUnreachableException e) {
            return retryLater(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return retryLater(new IllegalStateException("interrupted"));
        }
    }

    private String retryLater(RuntimeException e) {
        lastError = e.getMessage();
        LOG.debug("migration {} -> {}: sent again later: {}", source, target, e.getMessage());
        try {
            Thread.sleep(200);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
