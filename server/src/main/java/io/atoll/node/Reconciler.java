package io.atoll.node;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.NodeChanges;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.collection.CollectionRegistry;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.replication.ReplicationContext;
import io.atoll.shard.LocalShard;
import io.atoll.transfer.TransferDrivers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's replicas and collections follow the metadata, on a thread of its own, off Raft's apply
 * thread (which only {@link #offer}s each image). It acts on the latest image offered, skipping any it had no time
 * for: opens the replicas placed here, closes and deletes those that left the image, has the others follow their
 * shard (term, primary, replicas), then has the collections follow the image, and only then reports the image as
 * acted on ({@link ActedImage}). The transfers this node drives as primary follow each image too. A replica that fails to open is tried again with backoff while it stays in the
 * image, and requests for it say why it is missing meanwhile: one broken replica holds up neither the node's other
 * replicas nor its metadata. Once the node has caught up after a start, directories that no replica in the image
 * owns (left by replicas dropped while it was down) are deleted.
 *
 * <p>Thread-safety: everything but {@link #offer}, {@link #sweepLeftovers} and {@link #close} runs on the
 * reconciler thread; those three hand over under this object's monitor.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A replica that failed to open: when to try again, and how often it failed. */
    private record Retry(int failures, long dueNanos) {
    }

    private final long self;
    private final ReplicaDirectories dirs;
    /** Dropped replicas whose files a snapshot archive still reads (FileHolds); this thread only. */
    private final Set<ReplicaId> heldAfterDrop = new HashSet<>();
    /** Closed replicas whose files no archive holds any more, handled at the next round; guarded by this. */
    private final Set<ReplicaId> released = new HashSet<>();
    private final ReplicaOpener opener;
    private final LocalReplicas replicas;
    private final ReplicationContext replication;
    private final CollectionRegistry registry;
    private final TransferDrivers transfers;
    private final ActedImage acted;
    private final Thread thread;
    /** Reconciler thread only: the image acted on last, and the replicas waiting to be opened again. */
    private ClusterImage current = ClusterImage.EMPTY;
    private final Map<ReplicaId, Retry> retries = new HashMap<>();
    /** Guarded by this. */
    private ClusterImage offered = ClusterImage.EMPTY;
    private boolean sweepWanted;
    private boolean closed;

    public Reconciler(long self, Path storage, ReplicaOpener opener, LocalReplicas replicas,
                      ReplicationContext replication, CollectionRegistry registry, TransferDrivers transfers,
                      ActedImage acted) {
        this.self = self;
        this.dirs = new ReplicaDirectories(storage);
        this.opener = opener;
        this.replicas = replicas;
        this.replication = replication;
        this.registry = registry;
        this.transfers = transfers;
        this.acted = acted;
        this.thread = Thread.ofPlatform().name("reconciler").daemon().unstarted(this::run);
        thread.start();
    }

    /** Hands over a new image; returns at once (called on Raft's apply thread). */
    public synchronized void offer(ClusterImage next) {
        if (next.appliedIndex() > offered.appliedIndex()) {
            offered = next;
            notifyAll();
        }
    }

    /** Deletes, at the next round, the replica directories the acted image does not own. Call once caught up. */
    public synchronized void sweepLeftovers() {
        sweepWanted = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            ClusterImage next;
            boolean sweep;
            synchronized (this) {
                try {
                    while (!closed && offered.appliedIndex() <= current.appliedIndex() && !sweepWanted
                            && released.isEmpty()) {
                        long wait = nanosToNextRetry();
                        if (wait <= 0) {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, wait);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                next = offered;
                sweep = sweepWanted;
                sweepWanted = false;
            }
            try {
                if (next.appliedIndex() > current.appliedIndex()) {
                    act(next);
                }
                retryDue();
                handleReleased();
                if (sweep) {
                    sweep();
                }
            } catch (RuntimeException e) {
                // Acting on an image must not stop the node from following the next one; the same image is
                // acted on again after a pause (or at once when a newer one arrives), not in a tight loop.
                LOG.error("reconciling metadata index {} failed", next.appliedIndex(), e);
                if (!pauseAfterFailure()) {
                    return;
                }
            }
        }
    }

    /** Waits a second, or until a newer image is offered; false when interrupted. */
    private synchronized boolean pauseAfterFailure() {
        long offeredIndex = offered.appliedIndex();
        long until = System.nanoTime() + FIRST_RETRY_NANOS;
        try {
            while (!closed && offered.appliedIndex() == offeredIndex && System.nanoTime() < until) {
                TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private long nanosToNextRetry() {
        long now = System.nanoTime();
        return retries.values().stream().mapToLong(r -> r.dueNanos() - now).min().orElse(Long.MAX_VALUE);
    }

    private void act(ClusterImage next) {
        NodeChanges changes = NodeChanges.between(current, next, self);
        changes.drop().forEach(this::drop);
        changes.close().forEach(this::close);
        changes.open().forEach(id -> open(id, next));
        for (ReplicaId id : changes.follow()) {
            LocalReplica r = replicas.get(id.collection(), id.shard());
            if (r == null || !r.id().equals(id)) {
                continue;
            }
            String failure = r.shard().storageFailure();
            if (failure != null && NodeChanges.shardOf(next, id, self).primary() != self) {
                // Its log does not trust itself after a failed write: reopened, it is recovered like any replica.
                LOG.warn("reopening replica {}, whose storage failed: {}", id, failure);
                takeOut(id);
                open(id, next);
            } else {
                follow(r, next);
            }
        }
        changes.primaryLost().forEach(id -> LOG.info("shard {}: no longer primary", id));
        transfers.follow(next);
        registry.follow(next);
        current = next;
        acted.publish(next);
    }

    private void follow(LocalReplica r, ClusterImage image) {
        CollectionMeta c = image.collections().get(r.id().collection());
        r.follow(c, NodeChanges.shardOf(image, r.id(), self), image.peers());
    }

    private void open(ReplicaId id, ClusterImage image) {
        LocalReplica already = replicas.get(id.collection(), id.shard());
        if (already != null && already.id().equals(id)) {
            retries.remove(id);
            return; // opened by an earlier attempt at this image that failed further on
        }
        if (replicas.filesHeld(id)) {
            // A writer opened on them would delete the commit an archive of the previous opening reads.
            retries.put(id, new Retry(0, System.nanoTime() + FIRST_RETRY_NANOS));
            replicas.failedToOpen(id.collection(), id.shard(), "a snapshot archive still reads its files");
            return;
        }
        CollectionMeta c = image.collections().get(id.collection());
        LocalShard shard = null;
        LocalReplica r = null;
        try {
            shard = opener.open(id, dirs.of(id), c.params());
            r = new LocalReplica(id, shard, replication);
            follow(r, image);
            replicas.add(r);
            if (retries.remove(id) != null) {
                LOG.info("opened replica {} after earlier failures", id);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(r != null ? r : shard); // a replica closes its shard, and its streams when it led
            int failures = retries.containsKey(id) ? retries.get(id).failures() + 1 : 1;
            long backoff = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(failures - 1, 16));
            retries.put(id, new Retry(failures, System.nanoTime() + backoff));
            replicas.failedToOpen(id.collection(), id.shard(), String.valueOf(e.getMessage()));
            LOG.error("could not open replica {} (failure {}); trying again in {} ms", id, failures,
                    TimeUnit.NANOSECONDS.toMillis(backoff), e);
        }
    }

    private void retryDue() {
        long now = System.nanoTime();
        for (ReplicaId id : Set.copyOf(retries.keySet())) {
            if (retries.get(id).dueNanos() <= now) {
                ShardInfo s = NodeChanges.shardOf(current, id, self);
                if (s == null || NodeChanges.awaitsInstall(s, self)) {
                    retries.remove(id);
                    replicas.forgetFailure(id.collection(), id.shard());
                } else {
                    open(id, current);
                }
            }
        }
    }

    /** Closes a replica whose files stay: a snapshot is installed into them. */
    private void close(ReplicaId id) {
        if (takeOut(id) != null) {
            LOG.info("closed replica {} until a snapshot is installed into it", id);
        }
    }

    /**
     * Takes a replica out of service and closes it; the replica, or null when it was not open. While a snapshot
     * archive still reads its files, nothing may change them (no opening, install or deletion) until the archive's
     * last release hands them back to this thread.
     */
    private LocalReplica takeOut(ReplicaId id) {
        if (retries.remove(id) != null) {
            replicas.forgetFailure(id.collection(), id.shard());
        }
        LocalReplica r = replicas.get(id.collection(), id.shard());
        if (r == null || !r.id().equals(id)) {
            return null;
        }
        replicas.filesHeldAfterClose(id); // noted first: an install never finds it neither open nor held
        replicas.remove(r);
        closeQuietly(r);
        if (r.files().heldUntil(() -> released(id))) {
            LOG.info("replica {} is closed; a snapshot archive still reads its files", id);
        } else {
            replicas.filesReleased(id);
        }
        return r;
    }

    /**
     * Closes a replica and deletes its files, or, while a snapshot archive reads them, when the archive's last
     * release hands them back to this thread (deleting here keeps it apart from opening replicas and the sweep).
     */
    private void drop(ReplicaId id) {
        takeOut(id);
        if (replicas.filesHeld(id)) {
            heldAfterDrop.add(id); // the sweep leaves them too
            return;
        }
        deleteFiles(id);
    }

    private synchronized void released(ReplicaId id) {
        released.add(id);
        notifyAll();
    }

    private void handleReleased() {
        List<ReplicaId> ids;
        synchronized (this) {
            ids = List.copyOf(released);
            released.clear();
        }
        for (ReplicaId id : ids) {
            replicas.filesReleased(id); // an install goes on at its sender's next try
            if (heldAfterDrop.remove(id)) {
                deleteFiles(id);
            }
            Retry deferred = retries.get(id);
            if (deferred != null) {
                retries.put(id, new Retry(deferred.failures(), System.nanoTime())); // a deferred opening: now
            }
        }
    }

    private void deleteFiles(ReplicaId id) {
        try {
            dirs.delete(id);
            LOG.info("dropped replica {}", id);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the files of dropped replica {}", id, e);
        }
    }

    private void sweep() {
        Set<ReplicaId> keep = new HashSet<>(heldAfterDrop);
        for (CollectionMeta c : current.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                var r = s.replicas().get(self);
                if (r != null) {
                    keep.add(new ReplicaId(c.name(), c.uuid(), s.id(), r.incarnation()));
                }
            }
        }
        try {
            for (Path leftover : dirs.leftovers(keep)) {
                dirs.delete(leftover);
                LOG.info("deleted {}: no replica in the metadata owns it", leftover);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete leftover replica directories", e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    /** Stops following; the replicas stay open (the node closes them after its last flush). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the acted image to reach {@code index}; for starting up and for tests. */
    public boolean awaitActed(long index, Duration timeout) {
        return acted.await(index, timeout);
    }
}
