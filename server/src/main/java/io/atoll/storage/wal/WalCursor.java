package io.atoll.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log's records in order from a position, a bounded batch per call, remembering the segment and byte
 * offset where the last batch ended, so that a replica catching up reads the log once rather than once per
 * batch. It reads the log as it grows and follows segments as they roll; when the record it needs next was
 * deleted (the log was truncated past it) it says so. Not thread-safe: one reader at a time.
 */
public final class WalCursor {
    private final WriteAheadLog wal;
    /** The next record this cursor hands out. */
    private long nextSeq;
    /** The segment being read, by its first seq (-1 before the first read), and the offset of its next frame. */
    private long segmentFirst = -1;
    private long offset;
    /** Frames read so far, skipped ones included: the cost of this cursor's reading. */
    private long framesRead;

    WalCursor(WriteAheadLog wal, long afterSeq) {
        this.wal = wal;
        this.nextSeq = afterSeq + 1;
    }

    public long framesRead() {
        return framesRead;
    }

    /** The seq of the last record handed out (the position given at creation before the first one). */
    public long position() {
        return nextSeq - 1;
    }

    /**
     * The next records, at most {@code maxRecords} and about {@code maxBytes} of bodies (at least one when there
     * is one), right after {@link #position()}: empty when the log holds nothing newer yet, null when the log no
     * longer holds the next record.
     */
    public List<WalRecord> next(int maxRecords, long maxBytes) throws IOException {
        List<WriteAheadLog.SegmentView> segments = wal.segments();
        int i = locate(segments);
        if (i < 0) {
            return null;
        }
        List<WalRecord> out = new ArrayList<>();
        long bytes = 0;
        List<WalRecord> frame = new ArrayList<>(1);
        for (; i < segments.size(); i++) {
            WriteAheadLog.SegmentView s = segments.get(i);
            if (s.firstSeq() != segmentFirst) {
                segmentFirst = s.firstSeq();
                offset = 0;
            }
            boolean closed = s.validEnd() < 0;
            try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
                long end = closed ? ch.size() : s.validEnd();
                while (offset < end) {
                    if (out.size() >= maxRecords || bytes >= maxBytes) {
                        return out;
                    }
                    frame.clear();
                    WalSegment.Scan scan = WalSegment.scan(ch, offset, end, 1, frame);
                    if (frame.isEmpty()) {
                        throw new WalCorruptedException("bad record at offset " + offset + " of " + s.path());
                    }
                    offset = scan.validEnd();
                    framesRead++;
                    WalRecord r = frame.getFirst();
                    if (r.seq() > nextSeq) {
                        return out.isEmpty() ? null : out;
                    }
                    if (r.seq() == nextSeq) {
                        out.add(r);
                        bytes += r.body().length;
                        nextSeq++;
                    }
                }
            } catch (NoSuchFileException truncated) {
                return out.isEmpty() ? null : out;
            }
            if (!closed) {
                break;
            }
        }
        return out;
    }

    /**
     * The segment holding the next record: the one read last while it still exists, else the newest one that
     * starts at or before the next record; -1 when the log now starts after it.
     */
    private int locate(List<WriteAheadLog.SegmentView> segments) {
        int found = -1;
        for (int i = 0; i < segments.size(); i++) {
            long first = segments.get(i).firstSeq();
            if (first == segmentFirst) {
                return i;
            }
            if (first <= nextSeq) {
                found = i;
            }
        }
        return found;
    }
}
