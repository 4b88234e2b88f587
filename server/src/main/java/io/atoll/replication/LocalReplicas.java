package io.atoll.replication;

import io.atoll.cluster.meta.ReplicaId;
import io.atoll.error.AtollException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas open on this node, by collection and shard (a node holds at most one replica of a shard). The
 * reconciler adds and removes them; everyone else looks them up without a lock. A replica that failed to open
 * is remembered with its error until it opens or leaves the image, so that requests for it say why it is missing.
 */
public final class LocalReplicas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReplicas.class);

    private record Key(String collection, int shard) {
    }

    private final long self;
    private final Map<Key, LocalReplica> open = new ConcurrentHashMap<>();
    private final Map<Key, String> failed = new ConcurrentHashMap<>();
    /** Replicas taken out of service whose files a snapshot archive still reads (FileHolds). */
    private final Set<ReplicaId> heldAfterClose = ConcurrentHashMap.newKeySet();
    /** Set once the node stops: a merge aborted by the close is expected then. */
    private volatile boolean closing;

    public LocalReplicas(long self) {
        this.self = self;
    }

    /** The open replica of this shard; null when there is none. */
    public LocalReplica get(String collection, int shard) {
        return open.get(new Key(collection, shard));
    }

    /** The open replica of this shard, or unavailable, saying why when it failed to open. */
    public LocalReplica require(String collection, int shard) {
        LocalReplica r = get(collection, shard);
        if (r == null) {
            String why = failed.get(new Key(collection, shard));
            throw AtollException.unavailable("shard " + shard + " of collection `" + collection + "` has no open "
                    + "replica on peer " + self + (why == null ? "" : " (it failed to open: " + why + ")"));
        }
        return r;
    }

    public void add(LocalReplica r) {
        Key k = new Key(r.id().collection(), r.id().shard());
        failed.remove(k);
        LocalReplica previous = open.putIfAbsent(k, r);
        if (previous != null) {
            throw new IllegalStateException("replica " + r.id() + " opened over " + previous.id());
        }
    }

    /** Takes a replica out of service; the caller closes it. */
    public void remove(LocalReplica r) {
        open.remove(new Key(r.id().collection(), r.id().shard()), r);
    }

    /** The closed replica's files are still read by a snapshot archive: nothing may open, replace or delete them. */
    public void filesHeldAfterClose(ReplicaId id) {
        heldAfterClose.add(id);
    }

    public void filesReleased(ReplicaId id) {
        heldAfterClose.remove(id);
    }

    /** Whether a snapshot archive still reads the files of this closed replica. */
    public boolean filesHeld(ReplicaId id) {
        return heldAfterClose.contains(id);
    }

    public void failedToOpen(String collection, int shard, String why) {
        failed.put(new Key(collection, shard), why);
    }

    /** Whether this shard's replica failed to open (and has not opened since). */
    public boolean failedToOpen(String collection, int shard) {
        return failed.containsKey(new Key(collection, shard));
    }

    public void forgetFailure(String collection, int shard) {
        failed.remove(new Key(collection, shard));
    }

    public List<LocalReplica> all() {
        return new ArrayList<>(open.values());
    }

    /** Commits every replica's index and trims its WAL; called periodically and on shutdown. */
    public void flushAll() {
        for (LocalReplica r : open.values()) {
            try {
                r.shard().flush();
            } catch (IOException | RuntimeException e) {
                LOG.warn("flush of replica {} failed", r.id(), e);
            }
        }
    }

    /** Makes recent writes visible even when nobody waits for them. */
    public void refreshAll() {
        for (LocalReplica r : open.values()) {
            try {
                r.shard().refreshIfBehind();
            } catch (IOException | RuntimeException e) {
                LOG.warn("refresh of replica {} failed", r.id(), e);
            }
        }
    }

    /**
     * Merges the segments of every replica no write came to for {@code idleNanos}, one replica at a time (a merge
     * of a large shard takes seconds of a core). A replica closed meanwhile aborts its merge.
     */
    public void settleAll(long idleNanos) {
        for (LocalReplica r : open.values()) {
            try {
                if (r.shard().settle(idleNanos)) {
                    LOG.debug("merged the segments of settled replica {}", r.id());
                }
            } catch (IOException | RuntimeException e) {
                if (!closing && open.get(new Key(r.id().collection(), r.id().shard())) == r) {
                    LOG.warn("merging the segments of replica {} failed", r.id(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        for (LocalReplica r : open.values()) {
            try {
                r.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing replica {} failed", r.id(), e);
            }
        }
        open.clear();
    }
}
