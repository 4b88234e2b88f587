package io.atoll.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A shard replica's write-ahead log: append-only segments of checksummed records with strictly increasing
 * sequence numbers.
 *
 * <p>Durability is a group commit: {@link #append} only writes, {@link #sync} makes everything appended so far
 * durable with one fsync shared by every caller waiting at that moment. A write is acknowledged only after
 * {@code sync(seq)} returned for its sequence number.
 *
 * <p>Thread-safety: appends are serialized on this object; syncs on a separate lock so that appends continue
 * while an fsync is in progress.
 */
public final class WriteAheadLog implements AutoCloseable {
    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final List<Path> closedSegments = new ArrayList<>();
    private final Object syncLock = new Object();
    private WalSegment current;
    private long lastSeq;
    private long lastTerm;
    private volatile long durableSeq;
    private IOException failure;
    private boolean closed;

    public WriteAheadLog(Path dir, long segmentBytes, boolean fsync) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        Files.createDirectories(dir);
        List<Path> segments = listSegments();
        if (segments.isEmpty()) {
            current = WalSegment.create(dir, 1);
            fsyncDir();
        } else {
            closedSegments.addAll(segments.subList(0, segments.size() - 1));
            current = WalSegment.openForAppend(segments.getLast());
        }
        lastSeq = current.lastSeq();
        lastTerm = current.lastTerm();
        if (lastTerm < 0 && !closedSegments.isEmpty()) {
            // A freshly rolled (or torn back to empty) segment: the last record is in the one before it.
            List<WalRecord> previous = WalSegment.readAll(closedSegments.getLast());
            lastTerm = previous.isEmpty() ? 0 : previous.getLast().term();
        }
        lastTerm = Math.max(0, lastTerm);
        durableSeq = lastSeq;
    }

    private List<Path> listSegments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("wal-\\d{20}\\.log"))
                    .sorted().toList();
        }
    }

    /** The sequence number of the last appended record (0 when the log has never held one). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The term of the last appended record (0 when the log has never held one). */
    public synchronized long lastTerm() {
        return lastTerm;
    }

    public long durableSeq() {
        return durableSeq;
    }

    /**
     * Appends a record. Sequence numbers must grow; a gap is allowed (the index may hold operations whose log
     * segments were already removed). A failed append leaves the log as it was and fails every later append,
     * since the state of the disk is then unknown.
     */
    public synchronized void append(long seq, long term, byte[] body) throws IOException {
        if (failure != null) {
            throw new IOException("write-ahead log is failed after an earlier error: " + failure.getMessage(), failure);
        }
        if (seq <= lastSeq) {
            throw new IllegalArgumentException("sequence " + seq + " is not after " + lastSeq);
        }
        try {
            if (current.size() >= segmentBytes) {
                roll(seq);
            }
            current.append(seq, term, body);
            lastSeq = seq;
            lastTerm = term;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Starts a new segment; the old one is forced first so that durableSeq never covers an unsynced segment. */
    private void roll(long nextSeq) throws IOException {
        current.force();
        current.close();
        closedSegments.add(current.path);
        current = WalSegment.create(dir, nextSeq);
        fsyncDir();
    }

    /** Returns once every record up to {@code seq} is on stable storage. */
    public void sync(long seq) throws IOException {
        if (!fsync || durableSeq >= seq) {
            return;
        }
        synchronized (syncLock) {
            if (durableSeq >= seq) {
                return;
            }
            long target;
            FileChannel channel;
            synchronized (this) {
                if (failure != null) {
                    throw new IOException("write-ahead log is failed after an earlier error: " + failure.getMessage(), failure);
                }
                target = lastSeq;
                channel = current.channel();
            }
            try {
                try {
                    channel.force(false);
                } catch (java.nio.channels.ClosedChannelException rolled) {
                    // The segment was rolled (and forced) while we waited; force the new one instead.
                    synchronized (this) {
                        current.force();
                        target = lastSeq;
                    }
                }
            } catch (IOException e) {
                // After a failed fsync the kernel may drop the dirty pages and report the next fsync as clean:
                // nothing written before it can be trusted any more, so the log takes no further writes.
                synchronized (this) {
                    failure = e;
                }
                throw e;
            }
            durableSeq = target;
        }
    }

    /** Calls {@code consumer} with every record whose seq is above {@code afterSeq}, in order. */
    public void replay(long afterSeq, Consumer<WalRecord> consumer) throws IOException {
        List<Path> closed;
        synchronized (this) {
            closed = List.copyOf(closedSegments);
        }
        for (int i = 0; i < closed.size(); i++) {
            long nextFirst = i + 1 < closed.size() ? WalSegment.firstSeqOf(closed.get(i + 1)) : current.firstSeq;
            if (nextFirst - 1 <= afterSeq) {
                continue;
            }
            for (WalRecord r : WalSegment.readAll(closed.get(i))) {
                if (r.seq() > afterSeq) {
                    consumer.accept(r);
                }
            }
        }
        List<WalRecord> tail;
        synchronized (this) {
            tail = current.readAll();
        }
        for (WalRecord r : tail) {
            if (r.seq() > afterSeq) {
                consumer.accept(r);
            }
        }
    }

    /**
     * A reader of the records after {@code afterSeq} that hands them out a bounded batch at a time, each batch
     * continuing where the last one stopped (a replica catching up reads the log once, not once per batch).
     */
    public WalCursor cursor(long afterSeq) {
        return new WalCursor(this, afterSeq);
    }

    /** One segment as a reader may read it: its file, first seq and how far its records are complete. */
    record SegmentView(Path path, long firstSeq, long validEnd) {
    }

    /**
     * The segments as they are now, oldest first. The open segment's valid end is its size under the lock: every
     * frame below it is complete. A closed segment's is -1: its whole file.
     */
    synchronized List<SegmentView> segments() {
        List<SegmentView> out = new ArrayList<>();
        for (Path p : closedSegments) {
            out.add(new SegmentView(p, WalSegment.firstSeqOf(p), -1));
        }
        out.add(new SegmentView(current.path, current.firstSeq, current.size()));
        return out;
    }

    /**
     * Deletes closed segments whose records all lie at or below {@code seq} (they are in a durable index commit),
     * keeping the newest {@code retain} of them for replicas that catch up from the log.
     */
    public synchronized void truncateUpTo(long seq, int retain) throws IOException {
        // Files are deleted under the lock: once close() has run, a new log may reuse these file names.
        if (closed) {
            return;
        }
        List<Path> deletable = new ArrayList<>();
        for (int i = 0; i < closedSegments.size(); i++) {
            long nextFirst = i + 1 < closedSegments.size()
                    ? WalSegment.firstSeqOf(closedSegments.get(i + 1)) : current.firstSeq;
            if (nextFirst - 1 <= seq) {
                deletable.add(closedSegments.get(i));
            }
        }
        int drop = Math.max(0, deletable.size() - retain);
        deletable = new ArrayList<>(deletable.subList(0, drop));
        closedSegments.removeAll(deletable);
        for (Path p : deletable) {
            Files.deleteIfExists(p);
        }
    }

    /** The bytes the log's segments take on disk. */
    public synchronized long sizeBytes() throws IOException {
        long total = current.size();
        for (Path p : closedSegments) {
            total += Files.size(p);
        }
        return total;
    }

    public synchronized int segmentCount() {
        return closedSegments.size() + 1;
    }

    private void fsyncDir() throws IOException {
        // A new segment's directory entry must be durable too, or a crash could lose the whole file.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        current.close();
    }
}
