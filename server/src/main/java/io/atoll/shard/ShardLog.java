package io.atoll.shard;

import io.atoll.storage.wal.RetentionLeases;
import io.atoll.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A replica's log and what it knows about it: the WAL, where it stands (last record and its term), the highest
 * primary term seen, the term of every record (to tell a log that follows a primary from one that diverged),
 * where it begins for a transfer target and whether the points before that are all there, what others need it to
 * keep, and whether its storage failed. {@link LocalShard} holds its write lock around every change; reads of the
 * position and term take no lock.
 */
final class ShardLog implements AutoCloseable {
    private final Path dir;
    private final WriteAheadLog wal;
    private final TermHistory terms;
    private final RetentionLeases leases;
    private final int retainSegments;
    /**
     * The last record and the term it was created in. Written under the shard's write lock and read without it,
     * so that reads (which ask for it around every query) never wait for a write to apply.
     */
    private volatile LogPosition last;
    /**
     * The highest primary term this replica has seen (from its WAL or from requests). A single node is its own
     * primary in term 0 until the cluster assigns terms.
     */
    private volatile long term;
    /** Began at a transfer's cutoff and not in sync since (see {@link LogBase}). */
    private volatile boolean incomplete;
    /**
     * Why this replica's storage failed (a full disk, an fsync error), null while it works: the log does not
     * trust itself again until the replica is reopened, so a primary steps down and a replica is reopened.
     */
    private volatile String failure;

    ShardLog(Path dir, WriteAheadLog wal, ShardSettings settings, ShardRecovery.Recovered recovered) {
        this.dir = dir;
        this.wal = wal;
        this.terms = recovered.terms();
        this.leases = new RetentionLeases(settings.retentionMaxAgeSeconds(), settings.retentionMaxBytes());
        this.retainSegments = settings.walRetainSegments();
        this.last = recovered.last();
        this.term = recovered.term();
        this.incomplete = recovered.incomplete();
    }

    LogPosition last() {
        return last;
    }

    long term() {
        return term;
    }

    /** Appends a record after the last one. */
    void append(long seq, long recordTerm, byte[] body) throws IOException {
        wal.append(seq, recordTerm, body);
        terms.note(seq, recordTerm);
        last = new LogPosition(seq, recordTerm);
    }

    /** Adopts the term of a primary's request; false (refused) when this log already knows a newer one. */
    boolean fence(long primaryTerm) {
        if (primaryTerm < term) {
            return false;
        }
        term = primaryTerm;
        return true;
    }

    /** Adopts a newer term; terms never go back. */
    void advanceTerm(long newTerm) {
        term = Math.max(term, newTerm);
    }

    /** See {@link LocalShard#divergenceOf}. */
    String divergenceOf(long seq, long recordTerm) {
        return terms.divergenceOf(seq, recordTerm, last.seq());
    }

    /** An empty log begins at {@code base} (a transfer's cutoff), incomplete; false when it holds records. */
    boolean beginAt(LogPosition base) throws IOException {
        if (last.seq() != 0 || base.seq() <= 0) {
            return false;
        }
        LogBase.write(dir, new LogBase.Stored(base, true));
        incomplete = true;
        terms.note(base.seq(), base.term());
        last = base;
        term = Math.max(term, base.term());
        return true;
    }

    boolean incomplete() {
        return incomplete;
    }

    void markComplete() throws IOException {
        LogBase.markComplete(dir);
        incomplete = false;
    }

    /** Returns once every record up to {@code seq} is on stable storage. */
    void sync(long seq) throws IOException {
        wal.sync(seq);
    }

    LogCursor cursorAfter(long seq) {
        return new LogCursor(wal.cursor(seq));
    }

    void retain(String holder, long afterSeq) {
        leases.retain(holder, afterSeq);
    }

    void release(String holder) {
        leases.release(holder);
    }

    /** Drops the segments an index commit at {@code committed} covers, but what leases and catching up need. */
    void trim(long committed) throws IOException {
        wal.truncateUpTo(leases.trimmableUpTo(committed, wal.sizeBytes()), retainSegments);
    }

    void failed(IOException e) {
        failure = String.valueOf(e.getMessage());
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
