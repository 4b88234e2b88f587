package io.atoll.shard.engine;

import io.atoll.storage.index.IndexWriters;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;

/**
 * The engine's commits: the seq each is labelled with (every record up to it is in it), the highest seq handed to
 * the writer (recorded with each commit; recovery takes the log position from it, IndexWriters says why), whether
 * anything was written since the last commit, and one commit at a time.
 */
final class EngineCommits {
    /** The engine's applied seq, read under its write lock once it has checked it may commit. */
    interface AppliedSeq {
        long checked() throws IOException;
    }

    private final IndexWriter writer;
    private final Directory directory;
    private final Path path;
    private final Object writeLock;
    private final Object commitLock = new Object();
    private volatile long writtenSeq;
    private volatile long committedSeq;
    /**
     * Whether anything was written since the last commit: copies, text analysed again and settled merges move no
     * seq, and a commit skipped on the seq alone once lost a record (VersionMapPropertyTest, seed 46939313144492).
     */
    private volatile boolean changed;

    /** {@code committedSeq}: the seq of the commit the writer opened (after any layout migration). */
    EngineCommits(IndexWriter writer, Directory directory, Path path, Object writeLock, long committedSeq) {
        this.writer = writer;
        this.directory = directory;
        this.path = path;
        this.writeLock = writeLock;
        this.committedSeq = committedSeq;
        this.writtenSeq = Math.max(committedSeq, IndexWriters.maxSeq(writer));
    }

    long committedSeq() {
        return committedSeq;
    }

    /** The highest seq handed to the writer; never below the applied seq, as it is raised first. */
    long writtenSeq() {
        return writtenSeq;
    }

    /** A record at {@code seq} is about to be written. Caller holds the write lock. */
    void writing(long seq) {
        writtenSeq = Math.max(writtenSeq, seq);
    }

    /** Only ever sets the flag: a failed commit sets it without the write lock, and that must not be undone. */
    void changed() {
        changed = true;
    }

    /**
     * Commits the index. The recorded sequence number is read before the commit starts, so the commit holds at
     * least everything up to it (perhaps more, which replay then re-applies harmlessly).
     */
    long commit(AppliedSeq applied) throws IOException {
        // One commit at a time: Lucene reads the commit data late in commit(), so a second caller setting a higher
        // seq in between would label the first commit with operations it does not hold.
        synchronized (commitLock) {
            long seq;
            synchronized (writeLock) {
                seq = applied.checked();
                if (seq == committedSeq && !changed) {
                    return seq; // nothing new: a commit would only write and fsync an identical commit point
                }
                IndexWriters.setCommittedSeq(writer, seq, () -> writtenSeq);
                changed = false;
            }
            try {
                writer.commit();
            } catch (IOException | RuntimeException e) {
                changed = true; // whatever it was to make durable still is
                throw e;
            }
            committedSeq = seq;
            return seq;
        }
    }

    /** Commits, and keeps that commit's files for a snapshot until it is closed. */
    IndexSnapshot snapshot(AppliedSeq applied) throws IOException {
        synchronized (commitLock) {
            long seq = commit(applied);
            if (!DirectoryReader.indexExists(directory)) {
                // Never committed (a new, empty index): a snapshot needs a commit point to keep.
                synchronized (writeLock) {
                    IndexWriters.setCommittedSeq(writer, seq, () -> writtenSeq);
                }
                writer.commit();
            }
            return IndexSnapshot.take(writer, directory, path, seq);
        }
    }
}
