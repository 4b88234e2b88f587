package io.atoll.snapshot;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a snapshot archive: a POSIX tar (readable with {@code tar -tf}), its SHA-256 computed while it is written.
 * It is written as {@code <name>.tmp}, synced and renamed, with the checksum beside it in {@code <name>.checksum}
 * (as Qdrant keeps it), so that a listed snapshot is always whole. Closing without {@link #finish} deletes the
 * partial file. Not thread-safe.
 */
final class ArchiveWriter implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final Path target;
    private final Path tmp;
    private final MessageDigest sha;
    private final FileOutputStream file;
    private final TarArchiveOutputStream tar;
    private final LongConsumer progress;
    private boolean finished;

    /** @param progress told of the bytes of each entry as they are written */
    ArchiveWriter(Path target, LongConsumer progress) throws IOException {
        this.target = target;
        this.tmp = SnapshotStore.tmpOf(target);
        this.progress = progress;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        Files.createDirectories(target.getParent());
        this.file = new FileOutputStream(tmp.toFile());
        this.tar = new TarArchiveOutputStream(new DigestOutputStream(new BufferedOutputStream(file, BUFFER), sha));
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    void add(String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    void add(String name, Path source, long length) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            add(name, in, length);
        }
    }

    /** An entry of {@code length} bytes read from {@code in}. */
    void add(String name, InputStream in, long length) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(length);
        tar.putArchiveEntry(e);
        byte[] buf = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + " ended " + left + " bytes early");
            }
            tar.write(buf, 0, n);
            left -= n;
            progress.accept(n);
        }
        tar.closeArchiveEntry();
    }

    /** Completes the archive, syncs it and makes it visible under its name; returns its SHA-256 in hex. */
    String finish() throws IOException {
        tar.finish();
        tar.flush();
        file.getChannel().force(true);
        tar.close();
        String checksum = HexFormat.of().formatHex(sha.digest());
        Path sidecar = target.resolveSibling(target.getFileName() + SnapshotStore.CHECKSUM);
        Files.writeString(sidecar, checksum, StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        SnapshotStore.syncDirectory(target.getParent());
        finished = true;
        return checksum;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            // Not through the tar stream, whose close would complete a half-written entry.
            try {
                file.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
