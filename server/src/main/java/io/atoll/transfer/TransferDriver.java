package io.atoll.transfer;

import io.atoll.replication.TransferThrottle;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferCheckpoint;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.cluster.meta.TransferStage;
import io.atoll.error.AtollException;
import io.atoll.point.PointId;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.TransferLink;
import io.atoll.shard.ShardSnapshot;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.proto.SnapshotTarget;
import java.io.Closeable;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one transfer on its shard's primary, in one term, as named stages: opens the stream to the target (which
 * starts forwarding at the cutoff), then for {@code stream_records} copies the points in id order a batch at a
 * time, recording a checkpoint through Raft every few seconds, and for {@code wal_delta} lets the stream send what
 * the target's log lacks; then has the target count for acknowledgements once caught up and commits it Active.
 * A driver started again (a restart, a new primary) resumes from the last checkpoint: every copied batch is
 * durable on the target before it is acknowledged. When the log cannot serve the target (wal_delta after the log
 * was trimmed or the target diverged), the transfer starts again by {@code snapshot}. For {@code snapshot}, the
 * index's files are shipped and installed first (the target's replica stays closed meanwhile), then the stream
 * catches it up as for {@code wal_delta}.
 *
 * <p>Thread-safety: runs on its own thread; {@link #stop} and {@link #progress} may be called from others.
 */
final class TransferDriver implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferDriver.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final long HANDOFF_TIMEOUT_MILLIS = 2000;
    private static final long ONCE = RecordProposer.ONCE;
    private static final long FOREVER = RecordProposer.FOREVER;
    /** How long wal_delta waits for its target to answer before it gives up on the target's files. */
    private static final long PROBE_PATIENCE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    private final ShardTransfer transfer;
    private final String collection;
    private final long term;
    private final LocalReplica primary;
    private final String targetUri;
    private final TransferRecords records;
    private final RecordProposer proposer;
    private final TransferThrottle throttle;
    private final TransferSettings settings;
    private final PeerTransport peers;
    private final TransferCounters counters;
    private final TransferProgress progress;
    private final boolean movesPrimary;
    /** The checkpoint last recorded in the metadata (driver thread only). */
    private TransferCheckpoint recorded;
    private long errorReportedAt;
    private volatile boolean stopped;
    private Runnable onExit = () -> { };

    TransferDriver(String collection, ShardTransfer transfer, long term, LocalReplica primary, String targetUri,
                   TransferServices services) {
        this.collection = collection;
        this.transfer = transfer;
        this.term = term;
        this.primary = primary;
        this.targetUri = targetUri;
        this.records = services.records();
        this.throttle = services.throttle();
        this.settings = services.settings();
        this.peers = services.peers();
        this.counters = services.counters();
        this.progress = new TransferProgress(transfer.checkpoint());
        this.movesPrimary = transfer.move() && transfer.from() == primary.self();
        this.recorded = transfer.checkpoint();
        this.proposer = new RecordProposer(records, this::name, () -> stopped);
    }

    /** Runs when the driver's thread ends, however it ends. Set before the driver starts. */
    void onExit(Runnable r) {
        onExit = r;
    }

    TransferProgress progress() {
        return progress;
    }

    /**
     * Stops the driver at its next step. Never by interrupting its thread: it may be inside Lucene's file I/O on
     * the primary (reading a page), where an interrupt closes the index's channels and breaks the shard.
     */
    void stop() {
        stopped = true;
    }

    private String name() {
        return collection + "/" + transfer.shard() + " " + transfer.method().apiName() + " to peer " + transfer.to()
                + " (incarnation " + transfer.toIncarnation() + ", term " + term + ")";
    }

    @Override
    public void run() {
        TransferLink link = null;
        try {
            if (stopped) {
                return;
            }
            LOG.info("transfer {}: starting at {}", name(), transfer.checkpoint());
            if (transfer.targetAwaitsInstall()) {
                installSnapshot();
            }
            link = primary.openTransfer(term, transfer.to(), transfer.toIncarnation(), targetUri,
                    transfer.method().copiesPoints());
            switch (transfer.method()) {
                case STREAM_RECORDS -> copyPoints(link);
                case WAL_DELTA, SNAPSHOT -> awaitProbe(link);
                case RESHARDING_STREAM_RECORDS -> {
                    abort("the " + transfer.method().apiName() + " method is not available yet");
                    return;
                }
            }
            activate(link);
        } catch (InterruptedException e) {
            LOG.info("transfer {}: driver stopped", name());
        } catch (StreamEnded e) {
            onStreamEnded(link);
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                LOG.warn("transfer {}: stopped ({}); a driver starts again with the next metadata", name(),
                        e.getMessage());
            }
        } finally {
            if (link != null) {
                link.close();
            }
            onExit.run();
        }
    }

    /** The stream stopped under the driver: the log could not serve the target, or this node stopped leading. */
    private static final class StreamEnded extends Exception {
        StreamEnded() {
            super(null, null, false, false);
        }
    }

    private void requireRunning(TransferLink link) throws StreamEnded, InterruptedException {
        if (stopped || Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!link.isRunning()) {
            throw new StreamEnded();
        }
    }

    private void onStreamEnded(TransferLink link) {
        if (stopped || link == null || !link.logCannotServe()) {
            return; // this node no longer leads the shard: the next primary's driver resumes
        }
        startAgain(link.failure());
    }

    /**
     * Starts the transfer again from the beginning, into a new incarnation: a copy of points goes on copying
     * points (the user chose it); the others ship a snapshot, which needs nothing of the target's log.
     */
    private void startAgain(String why) {
        TransferMethod again = transfer.method().copiesPoints() ? transfer.method() : TransferMethod.SNAPSHOT;
        LOG.warn("transfer {}: {}; starting again by {}", name(), why, again.apiName());
        proposer.propose(new MetadataRecord.RestartTransfer(collection, transfer.shard(), transfer.to(),
                transfer.toIncarnation(), again), FOREVER);
    }

    /**
     * wal_delta, and snapshot once installed: the stream probes the target and sends what its log lacks; the
     * transfer starts again when the log cannot serve it, or when the target never answers the probe (its
     * replica does not open).
     */
    private void awaitProbe(TransferLink link) throws StreamEnded, InterruptedException {
        progress.stage(TransferStage.RECOVERING);
        long deadline = System.nanoTime() + PROBE_PATIENCE_NANOS;
        while (link.targetSeq() < 0) {
            requireRunning(link);
            reportError(link);
            if (System.nanoTime() - deadline > 0) {
                startAgain("the target has not answered for " + PROBE_PATIENCE_NANOS / 1_000_000_000L + " s");
                throw new InterruptedException();
            }
            Thread.sleep(20);
        }
        if (transfer.method() == TransferMethod.SNAPSHOT) {
            primary.shard().releaseLog(snapshotLease()); // the stream keeps what the target still needs
        }
    }

    /**
     * snapshot: keeps a commit of the primary's index with the log after it, ships the files the target lacks,
     * has the target install them, and records that: only then does the target open its replica, on the installed
     * files, and the stream brings its log up to date from the snapshot's position as for wal_delta.
     */
    private void installSnapshot() throws IOException, InterruptedException {
        checkpoint(recorded.withStage(TransferStage.CREATING_SNAPSHOT));
        SnapshotTarget target = SnapshotTarget.newBuilder().setCollection(collection).setShard(transfer.shard())
                .setIncarnation(transfer.toIncarnation()).setMetadataIndex(records.image().appliedIndex()).build();
        long[] bytes = {0, 0, System.nanoTime()};
        long started = System.nanoTime();
        long taken;
        // The files are held while shipped: a reopen or drop of the primary's replica leaves them until then.
        try (Closeable hold = primary.files().hold();
             ShardSnapshot snapshot = primary.shard().copies().snapshot(snapshotLease())) {
            taken = System.nanoTime();
            progress.stage(TransferStage.TRANSFERRING);
            SnapshotShipper shipper = new SnapshotShipper(peers, targetUri, target, throttle);
            SnapshotShipper.Progress shipped = (done, total, sent) -> {
                if (stopped) {
                    throw new InterruptedException();
                }
                bytes[0] = done;
                bytes[1] = total;
                progress.copied(0, sent, 0);
                counters.snapshotSent(sent);
                if (System.nanoTime() - bytes[2] >= settings.checkpointInterval().toNanos()) {
                    checkpoint(recorded.withStage(TransferStage.TRANSFERRING).withBytes(done, total).withError(null));
                    bytes[2] = System.nanoTime();
                }
            };
            shipper.shipUntilInstalled(snapshot, shipped, why -> {
                if (stopped || installedMeanwhile()) {
                    throw new InterruptedException(); // the next driver starts from the metadata as it is now
                }
                if (!java.util.Objects.equals(why, recorded.error())) {
                    LOG.warn("transfer {}: the target does not take the snapshot: {}", name(), why);
                    checkpoint(recorded.withStage(TransferStage.TRANSFERRING).withBytes(bytes[0], bytes[1])
                            .withError(why));
                }
            });
        }
        TransferCheckpoint installed = recorded.withStage(TransferStage.RECOVERING).withBytes(bytes[1], bytes[1])
                .withError(null);
        if (!proposer.propose(new MetadataRecord.TransferProgressed(collection, transfer.shard(), transfer.to(),
                transfer.toIncarnation(), installed, System.currentTimeMillis()), FOREVER)) {
            throw new InterruptedException();
        }
        recorded = installed;
        LOG.info("transfer {}: snapshot of {} bytes installed on the target (taken in {} ms, shipped and installed "
                + "in {} ms)", name(), bytes[1], (taken - started) / 1_000_000, (System.nanoTime() - taken) / 1_000_000);
    }

    /**
     * Whether the metadata no longer awaits this snapshot: a driver started on an older image (a restarted node
     * acting on its log as it replays it) would otherwise ship it forever to a target that already installed it.
     */
    private boolean installedMeanwhile() {
        var c = records.image().collections().get(collection);
        ShardTransfer now = c == null || c.shard(transfer.shard()) == null ? null
                : c.shard(transfer.shard()).transferTo(transfer.to());
        return now == null || now.toIncarnation() != transfer.toIncarnation() || !now.targetAwaitsInstall();
    }

    /** The lease that keeps the log after a snapshot until the target's stream holds its own. */
    private String snapshotLease() {
        return "snapshot-to-" + transfer.to() + "." + transfer.toIncarnation();
    }

    private void copyPoints(TransferLink link) throws StreamEnded, InterruptedException, IOException {
        TransferCheckpoint from = transfer.checkpoint();
        long total = from.pointsTotal() > 0 ? from.pointsTotal() : primary.shard().engine().stats().pointsCount();
        long done = from.pointsDone();
        PointId next = from.nextKey() == null ? null : PointId.fromKey(HEX.parseHex(from.nextKey()));
        progress.stage(TransferStage.TRANSFERRING);
        progress.counts(done, total);
        long lastCheckpoint = System.nanoTime();
        while (true) {
            TransferLink.Copied page = copy(link, next);
            done += page.points();
            progress.copied(page.points(), page.bytes(), Math.max(total, done));
            throttle.acquire(page.bytes());
            next = page.next();
            if (next == null) {
                return;
            }
            if (System.nanoTime() - lastCheckpoint >= settings.checkpointInterval().toNanos()) {
                checkpoint(new TransferCheckpoint(TransferStage.TRANSFERRING, HEX.formatHex(next.key()), done,
                        Math.max(total, done), null));
                lastCheckpoint = System.nanoTime();
            }
        }
    }

    /** Copies the page from {@code from}, again after a timeout (a page applied twice is harmless). */
    private TransferLink.Copied copy(TransferLink link, PointId from)
            throws StreamEnded, InterruptedException, IOException {
        while (true) {
            requireRunning(link);
            try {
                return link.copy(from, settings.batchPoints(), settings.copyTimeout().toMillis(),
                        () -> reportError(link));
            } catch (TimeoutException e) {
                LOG.warn("transfer {}: a batch took over {}; sending it again", name(), settings.copyTimeout());
            } catch (AtollException e) {
                requireRunning(link);
                throw e;
            }
        }
    }

    /**
     * The target holds every point; once it also holds every logged record it counts for acknowledgements, and
     * from then on holds every acknowledged write: only then is it made Active.
     */
    private void activate(TransferLink link) throws StreamEnded, InterruptedException {
        // Recorded (resuming from here copies the tail again from the last key, harmlessly): a replication
        // operation shows FINALIZING from now on.
        checkpoint(recorded.withStage(TransferStage.WAITING_CONSENSUS));
        link.promoteWhenCaughtUp();
        while (!link.promoted()) {
            requireRunning(link);
            reportError(link);
            Thread.sleep(10);
        }
        // Promoted: it holds every acknowledged write. Visible too before it is Active and serves reads.
        while (!link.awaitVisible(1000)) {
            requireRunning(link);
            reportError(link);
        }
        progress.stage(TransferStage.FINALIZING);
        // Moving the primary's own replica hands the shard to the target: writes in flight finish here first, and
        // new ones wait and then go to the new primary, so no client write fails for the move.
        boolean handingOff = false;
        boolean finished = false;
        try {
            handingOff = movesPrimary && link.beginHandoff(HANDOFF_TIMEOUT_MILLIS);
            // While handing over, writes wait: the finish is tried for a while only, then writes go on here and
            // a later driver tries again.
            long deadline = handingOff ? System.nanoTime() + HANDOFF_TIMEOUT_MILLIS * 1_000_000L : FOREVER;
            finished = proposer.propose(new MetadataRecord.FinishTransfer(collection, transfer.shard(), transfer.to(),
                    transfer.toIncarnation(), term, System.currentTimeMillis()), deadline);
            if (finished) {
                LOG.info("transfer {}: finished, {} points copied", name(), progress.snapshot().pointsDone());
            }
        } finally {
            if (handingOff && !finished) {
                link.endHandoff();
            }
        }
    }

    private void checkpoint(TransferCheckpoint c) {
        progress.stage(c.stage());
        if (proposer.propose(new MetadataRecord.TransferProgressed(collection, transfer.shard(), transfer.to(),
                transfer.toIncarnation(), c, System.currentTimeMillis()), ONCE)) {
            recorded = c;
        }
    }

    /**
     * Records in the metadata why the target does not take what it is sent (a full disk, an unreachable node),
     * and that it does again once it does, so that every node's API says why the transfer is not moving on.
     */
    private void reportError(TransferLink link) {
        String error = link.lastError();
        if (java.util.Objects.equals(error, recorded.error())
                || System.nanoTime() - errorReportedAt < settings.checkpointInterval().toNanos()) {
            return;
        }
        errorReportedAt = System.nanoTime();
        LOG.warn("transfer {}: {}", name(), error == null ? "the target takes what it is sent again"
                : "the target does not take what it is sent: " + error);
        checkpoint(recorded.withStage(progress.snapshot().stage()).withError(error));
    }

    private void abort(String reason) {
        LOG.warn("transfer {}: aborting: {}", name(), reason);
        proposer.propose(new MetadataRecord.AbortTransfer(collection, transfer.shard(), transfer.to(),
                transfer.toIncarnation(), reason, System.currentTimeMillis()), FOREVER);
    }
}
