package io.atoll.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One WAL segment file. Record framing: {@code int length | int crc32c | long seq | long term | body}, where length
 * counts seq, term and body, and the checksum covers the same bytes. Not thread-safe: {@link WriteAheadLog} guards it.
 */
final class WalSegment implements AutoCloseable {
    static final int HEADER = 8;
    static final int FIXED = 16;
    /** No record is larger than this; a length above it is a torn or corrupted frame. */
    static final int MAX_RECORD = 512 * 1024 * 1024;

    final Path path;
    final long firstSeq;
    private final FileChannel channel;
    private long size;
    private long lastSeq;
    private long lastTerm;

    private WalSegment(Path path, long firstSeq, FileChannel channel, long size, long lastSeq, long lastTerm) {
        this.path = path;
        this.firstSeq = firstSeq;
        this.channel = channel;
        this.size = size;
        this.lastSeq = lastSeq;
        this.lastTerm = lastTerm;
    }

    static String fileName(long firstSeq) {
        return String.format("wal-%020d.log", firstSeq);
    }

    static long firstSeqOf(Path file) {
        String n = file.getFileName().toString();
        return Long.parseLong(n.substring(4, n.length() - 4));
    }

    static WalSegment create(Path dir, long firstSeq) throws IOException {
        Path p = dir.resolve(fileName(firstSeq));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new WalSegment(p, firstSeq, ch, 0, firstSeq - 1, -1);
    }

    /**
     * Opens a segment for appending, cutting off a torn tail: a crash during an append leaves a partial or
     * unchecksummed last frame, which was never acknowledged and is safe to drop.
     */
    static WalSegment openForAppend(Path p) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long first = firstSeqOf(p);
        Scan scan = scan(ch, null);
        if (scan.validEnd < ch.size()) {
            ch.truncate(scan.validEnd);
            ch.force(true);
        }
        return new WalSegment(p, first, ch, scan.validEnd, scan.lastSeq < 0 ? first - 1 : scan.lastSeq, scan.lastTerm);
    }

    /** Reads every record of a closed segment; any bad frame is corruption. */
    static List<WalRecord> readAll(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            List<WalRecord> out = new ArrayList<>();
            Scan scan = scan(ch, out);
            if (scan.validEnd != ch.size()) {
                throw new WalCorruptedException("bad record at offset " + scan.validEnd + " of " + p);
            }
            return out;
        }
    }

    /** Reads the records of the open segment up to its current end. */
    List<WalRecord> readAll() throws IOException {
        List<WalRecord> out = new ArrayList<>();
        scan(channel, out);
        return out;
    }

    /** lastSeq and lastTerm are -1 when the segment holds no valid record. */
    record Scan(long validEnd, long lastSeq, long lastTerm) {
    }

    private static Scan scan(FileChannel ch, List<WalRecord> sink) throws IOException {
        return scan(ch, 0, ch.size(), Integer.MAX_VALUE, sink);
    }

    /**
     * Reads valid frames from {@code pos} up to {@code end}, at most {@code max} of them into {@code sink} (when
     * given); stops at the first bad or incomplete frame. Its validEnd is where it stopped.
     */
    static Scan scan(FileChannel ch, long pos, long end, int max, List<WalRecord> sink) throws IOException {
        int read = 0;
        long lastSeq = -1;
        long lastTerm = -1;
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        while (pos + HEADER + FIXED <= end && read < max) {
            header.clear();
            readFully(ch, header, pos);
            header.flip();
            int len = header.getInt();
            int crc = header.getInt();
            if (len < FIXED || len > MAX_RECORD || pos + HEADER + len > end) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, body, pos + HEADER);
            CRC32C c = new CRC32C();
            c.update(body.array(), 0, len);
            if ((int) c.getValue() != crc) {
                break;
            }
            body.flip();
            long seq = body.getLong();
            long term = body.getLong();
            if (sink != null) {
                byte[] b = new byte[len - FIXED];
                body.get(b);
                sink.add(new WalRecord(seq, term, b));
            }
            lastSeq = seq;
            lastTerm = term;
            pos += HEADER + len;
            read++;
        }
        return new Scan(pos, lastSeq, lastTerm);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new java.io.EOFException();
            }
        }
    }

    /** Appends one record; on failure the segment is cut back so no partial frame stays in the middle of the log. */
    void append(long seq, long term, byte[] body) throws IOException {
        int len = FIXED + body.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + len).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(HEADER);
        buf.putLong(seq).putLong(term).put(body);
        CRC32C c = new CRC32C();
        c.update(buf.array(), HEADER, len);
        buf.putInt(0, len).putInt(4, (int) c.getValue());
        buf.position(0);
        long start = size;
        try {
            while (buf.hasRemaining()) {
                channel.write(buf, start + buf.position());
            }
        } catch (IOException e) {
            channel.truncate(start);
            throw e;
        }
        size = start + buf.capacity();
        lastSeq = seq;
        lastTerm = term;
    }

    void force() throws IOException {
        channel.force(false);
    }

    long size() {
        return size;
    }

    /** The term of the last record, -1 when the segment is empty. */
    long lastTerm() {
        return lastTerm;
    }

    long lastSeq() {
        return lastSeq;
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        // The channel stays referenced: a late force() then fails with ClosedChannelException, not a null pointer.
        channel.close();
    }
}
