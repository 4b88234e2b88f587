package io.atoll.transfer;

import io.atoll.replication.TransferThrottle;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TransferDriver} for every transfer of a shard this node leads, as the metadata says, and stops
 * those the metadata no longer has. A driver belongs to one transfer (target incarnation, method) in one primary
 * term: a new term or a restarted transfer gets a new driver, which resumes from the recorded checkpoint.
 * Thread-safety: {@link #follow} and {@link #close} are synchronized; {@link #progress} reads a concurrent view.
 */
public final class TransferDrivers implements AutoCloseable {
    /** What makes two drivers the same one. */
    private record Key(String collection, String uuid, int shard, long to, long incarnation, String method, long term) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransferDrivers.class);
    private static final long RESTART_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long self;
    private final LocalReplicas replicas;
    private final TransferServices services;
    private final Map<Key, TransferDriver> running = new ConcurrentHashMap<>();
    private final Map<Key, Long> pausedUntil = new ConcurrentHashMap<>();
    private final Thread ticker;
    private boolean closed;
    private long followedIndex;

    public TransferDrivers(long self, LocalReplicas replicas, TransferServices services) {
        this.self = self;
        this.replicas = replicas;
        this.services = services;
        // Images arrive with changes; drivers that ended on their own are restarted between them.
        this.ticker = Thread.ofPlatform().daemon().name("transfer-drivers").start(this::tick);
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(1000);
                follow(services.records().image());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("transfer drivers: {}", e.getMessage(), e);
            }
        }
    }

    /** Starts and stops drivers to match an image the node's replicas already follow. */
    public synchronized void follow(ClusterImage image) {
        // The ticker may read an image older than the one the reconciler handed over last.
        if (closed || image.appliedIndex() < followedIndex) {
            return;
        }
        followedIndex = image.appliedIndex();
        Set<Key> wanted = new HashSet<>();
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                Replica mine = s.replicas().get(self);
                if (s.primary() != self || mine == null || s.transfers().isEmpty()) {
                    continue;
                }
                LocalReplica local = replicas.get(c.name(), s.id());
                if (local == null || local.id().incarnation() != mine.incarnation()) {
                    continue; // not open yet: the reconciler retries it, and this runs again after
                }
                for (ShardTransfer t : s.transfers().values()) {
                    PeerInfo target = image.peers().get(t.to());
                    if (target == null) {
                        continue;
                    }
                    Key k = new Key(c.name(), c.uuid(), s.id(), t.to(), t.toIncarnation(), t.method().apiName(),
                            s.term());
                    wanted.add(k);
                    if (!running.containsKey(k)) {
                        start(k, c.name(), t, s.term(), local, target.uri());
                    }
                }
            }
        }
        pausedUntil.keySet().retainAll(wanted);
        running.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().stop();
            return true;
        });
    }

    private void start(Key k, String collection, ShardTransfer t, long term, LocalReplica local, String uri) {
        Long pause = pausedUntil.get(k);
        if (pause != null && System.nanoTime() - pause < 0) {
            return;
        }
        TransferDriver d = new TransferDriver(collection, t, term, local, uri, services);
        d.onExit(() -> {
            // A driver that ended without its transfer ending (no leader to commit to, a failed batch) is started
            // again by a later round, after a pause.
            pausedUntil.put(k, System.nanoTime() + RESTART_PAUSE_NANOS);
            running.remove(k, d);
        });
        running.put(k, d);
        Thread.ofVirtual().name("transfer-" + collection + "-" + t.shard() + "-to-" + t.to()).start(d);
    }

    public TransferThrottle throttle() {
        return services.throttle();
    }

    @Override
    public synchronized void close() {
        closed = true;
        ticker.interrupt();
        running.values().forEach(TransferDriver::stop);
        running.clear();
    }
}
