package io.atoll.transfer;

import io.atoll.cluster.meta.TransferCheckpoint;
import io.atoll.cluster.meta.TransferStage;

/**
 * A running transfer's progress as its driver sees it, finer than the checkpoints in the metadata: stage, points
 * and bytes copied by this driver and in all, and how long it has run. Thread-safe.
 */
public final class TransferProgress {
    /** One reading. {@code pointsDone} counts every driver of the transfer; the rest only this one. */
    public record Snapshot(TransferStage stage, long pointsDone, long pointsTotal, long pointsSent, long bytesSent,
                           double seconds) {
    }

    private final long startedNanos = System.nanoTime();
    private TransferStage stage;
    private long pointsDone;
    private long pointsTotal;
    private long pointsSent;
    private long bytesSent;

    TransferProgress(TransferCheckpoint from) {
        this.stage = from.stage();
        this.pointsDone = from.pointsDone();
        this.pointsTotal = from.pointsTotal();
    }

    synchronized void stage(TransferStage s) {
        stage = s;
    }

    synchronized void counts(long done, long total) {
        pointsDone = done;
        pointsTotal = total;
    }

    synchronized void copied(long points, long bytes, long total) {
        pointsDone += points;
        pointsSent += points;
        bytesSent += bytes;
        pointsTotal = total;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(stage, pointsDone, pointsTotal, pointsSent, bytesSent,
                (System.nanoTime() - startedNanos) / 1e9);
    }
}
