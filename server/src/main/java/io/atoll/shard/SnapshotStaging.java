package io.atoll.shard;

import io.atoll.error.AtollException;
import io.atoll.shard.engine.SnapshotFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * The target's side of a snapshot transfer, in a replica's directory while the replica is closed: the files
 * arrive in {@code incoming/}, each written in order as {@code <name>.<checksum>.part} and, once whole and its
 * Lucene checksum verified, renamed to its name. What arrived survives restarts, so a transfer that starts again
 * (from another primary too, since files are told apart by checksum) sends only what is missing. Installing
 * replaces the replica's index and log with the snapshot's commit and a log beginning at its position. Not
 * thread-safe: the caller serialises the calls for one replica.
 */
public final class SnapshotStaging {
    private static final String INCOMING = "incoming";
    private static final String PART = ".part";
    private static final HexFormat HEX = HexFormat.of();

    /** What arrived: whole, verified files, and how much of each partly received one. */
    public record Staged(List<SnapshotFile> complete, List<SnapshotFile> partial) {
    }

    private final Path replicaDir;
    private final Path incoming;

    public SnapshotStaging(Path replicaDir) {
        this.replicaDir = replicaDir;
        this.incoming = replicaDir.resolve(INCOMING);
    }

    /** The files received so far; a partial one's length is how many bytes of it arrived. */
    public Staged staged() throws IOException {
        List<SnapshotFile> complete = new ArrayList<>();
        List<SnapshotFile> partial = new ArrayList<>();
        if (!Files.isDirectory(incoming)) {
            return new Staged(complete, partial);
        }
        try (Stream<Path> files = Files.list(incoming); Directory d = FSDirectory.open(incoming)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(PART)) {
                    String stem = name.substring(0, name.length() - PART.length());
                    int dot = stem.lastIndexOf('.');
                    partial.add(new SnapshotFile(stem.substring(0, dot), Files.size(p),
                            Long.parseUnsignedLong(stem.substring(dot + 1), 16)));
                } else {
                    try (IndexInput in = d.openInput(name, IOContext.READONCE)) {
                        complete.add(new SnapshotFile(name, in.length(), CodecUtil.retrieveChecksum(in)));
                    }
                }
            }
        }
        return new Staged(complete, partial);
    }

    /** How many bytes of {@code file} have arrived, in order from its start. */
    public long received(SnapshotFile file) throws IOException {
        requirePlainName(file.name());
        if (Files.exists(incoming.resolve(file.name()))) {
            return file.length();
        }
        return partLength(part(file));
    }

    private static long partLength(Path part) throws IOException {
        return Files.exists(part) ? Files.size(part) : 0;
    }

    private Path part(SnapshotFile file) {
        return incoming.resolve(file.name() + "." + HEX.toHexDigits(file.checksum()) + PART);
    }

    /**
     * Writes {@code data} at {@code offset} of {@code file}. The bytes must continue the part received so far (a
     * chunk sent again is accepted and changes nothing); the last one verifies the whole file against its
     * checksum. Returns how many bytes of the file have arrived.
     */
    public long write(SnapshotFile file, long offset, ByteBuffer data) throws IOException {
        requirePlainName(file.name());
        Files.createDirectories(incoming);
        Path done = incoming.resolve(file.name());
        if (Files.exists(done)) {
            if (staged().complete().contains(file)) {
                return file.length(); // a chunk sent again after the file was whole
            }
            Files.delete(done); // an older file of the same name (another source's): this one replaces it
        }
        Path part = part(file);
        long have = partLength(part);
        int length = data.remaining();
        if (offset > have || offset + length > file.length()) {
            throw AtollException.badRequest("chunk of " + file.name() + " at " + offset + " (" + length
                    + " bytes) does not continue the " + have + " bytes received of " + file.length());
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (offset + length > have) {
                for (long at = offset; data.hasRemaining(); ) {
                    at += ch.write(data, at);
                }
                have = offset + length;
            }
            if (have == file.length()) {
                // Also when these bytes came earlier: a failed fsync (a disk error) or a crash can leave a part
                // whole in length but neither synced nor verified, and the chunk sent again completes it.
                ch.force(true);
            }
        }
        if (have == file.length()) {
            verify(part, file);
            Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
        }
        return have;
    }

    /** Checks the whole file against the checksum in its footer, and that footer against the expected one. */
    private void verify(Path part, SnapshotFile file) throws IOException {
        try (Directory d = FSDirectory.open(incoming);
             IndexInput in = d.openInput(part.getFileName().toString(), IOContext.READONCE)) {
            long actual = CodecUtil.checksumEntireFile(in);
            if (actual != file.checksum()) {
                throw new IOException("checksum " + Long.toHexString(actual) + " instead of "
                        + Long.toHexString(file.checksum()));
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw AtollException.badRequest("received " + file.name() + " is corrupt and was discarded: "
                    + e.getMessage());
        }
    }

    /**
     * Makes the replica the snapshot: its index becomes the received commit, and its log begins at
     * {@code position} (the points before it are all in the index). Every file of {@code files} must have
     * arrived whole. Done again after a crash part-way, and accepted when it was already done.
     */
    public void install(List<SnapshotFile> files, LogPosition position) throws IOException {
        if (!Files.isDirectory(incoming)) {
            if (installed(files, position)) {
                return;
            }
            throw AtollException.badRequest("no snapshot files have arrived");
        }
        Set<String> wanted = new HashSet<>();
        Staged staged = staged();
        for (SnapshotFile f : files) {
            requirePlainName(f.name());
            wanted.add(f.name());
            if (!staged.complete().contains(f)) {
                throw AtollException.badRequest("snapshot file " + f.name() + " has not arrived whole");
            }
        }
        try (Stream<Path> all = Files.list(incoming)) {
            for (Path p : all.toList()) {
                if (!wanted.contains(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        deleteRecursively(replicaDir.resolve("index"));
        deleteRecursively(replicaDir.resolve("wal"));
        LogBase.write(replicaDir, new LogBase.Stored(position, false));
        Files.move(incoming, replicaDir.resolve("index"), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(replicaDir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private boolean installed(List<SnapshotFile> files, LogPosition position) throws IOException {
        LogBase.Stored base = LogBase.read(replicaDir);
        if (base == null || !base.position().equals(position) || base.incomplete()) {
            return false;
        }
        for (SnapshotFile f : files) {
            Path p = replicaDir.resolve("index").resolve(f.name());
            if (!Files.exists(p) || Files.size(p) != f.length()) {
                return false;
            }
        }
        return true;
    }

    private static void requirePlainName(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                || name.endsWith(PART)) {
            throw AtollException.badRequest("not an index file name: " + name);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
