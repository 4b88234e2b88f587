package io.atoll.snapshot;

import io.atoll.error.AtollException;
import io.atoll.schema.CollectionNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's snapshot directory ({@code storage.snapshots_path}): full snapshots in {@code full/}, a collection's
 * in {@code collections/<name>/}, a shard's in {@code collections/<name>/shards/<id>/}, files being written or
 * received in {@code tmp/} (emptied at start). Each archive has its SHA-256 beside it in {@code .checksum}.
 * Names are checked before they touch the file system. Thread-safe (the file system is the only state).
 */
public final class SnapshotStore {
    static final String CHECKSUM = ".checksum";
    static final String SUFFIX = ".snapshot";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,250}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** A snapshot as Qdrant lists it ({@code SnapshotDescription}). */
    public record Description(String name, String creationTime, long size, String checksum) {
    }

    private final Path root;

    public SnapshotStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        Files.createDirectories(this.root);
        deleteRecursively(tmpDir());
        Files.createDirectories(tmpDir());
    }

    public Path root() {
        return root;
    }

    Path fullDir() {
        return root.resolve("full");
    }

    Path collectionDir(String collection) {
        CollectionNames.validate(collection); // a directory name: no separators, not "." or ".."
        return root.resolve("collections").resolve(collection);
    }

    Path shardDir(String collection, int shard) {
        return collectionDir(collection).resolve("shards").resolve(Integer.toString(shard));
    }

    /** A fresh path for temporary files, removed by the caller (or at the next start). */
    Path tmpFile(String prefix) throws IOException {
        return Files.createTempFile(tmpDir(), prefix, ".part");
    }

    Path tmpDir() {
        return root.resolve("tmp");
    }

    /**
     * A new snapshot's path in {@code dir}, {@code <prefix>-<UTC time>.snapshot} (made unique within the second),
     * reserved by creating its {@code .tmp}: two snapshots taken at once never write the same file. The caller
     * writes it through {@link ArchiveWriter} and {@link #unreserve}s it afterwards in any case.
     */
    static Path reserve(Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        // Collection names may hold any character but separators; a snapshot's name only plain ones.
        String base = prefix.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^[.-]", "_") + "-"
                + STAMP.format(Instant.now());
        for (int i = 1; ; i++) {
            Path p = dir.resolve(base + (i == 1 ? "" : "-" + i) + SUFFIX);
            if (Files.exists(p)) {
                continue;
            }
            try {
                Files.createFile(tmpOf(p));
                return p;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another snapshot is being written under this name
            }
        }
    }

    /** Removes a reservation's {@code .tmp} when nothing was written under it (none is left once written). */
    static void unreserve(Path snapshot) throws IOException {
        Files.deleteIfExists(tmpOf(snapshot));
    }

    static Path tmpOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
    }

    /** The snapshots in {@code dir}, oldest first. */
    List<Description> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Description> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .toList()) {
                out.add(describe(p));
            }
        }
        out.sort(Comparator.comparing(Description::creationTime).thenComparing(Description::name));
        return out;
    }

    Description describe(Path p) throws IOException {
        Path sidecar = p.resolveSibling(p.getFileName() + CHECKSUM);
        String checksum = Files.exists(sidecar) ? Files.readString(sidecar, StandardCharsets.US_ASCII).trim() : null;
        return new Description(p.getFileName().toString(),
                CREATED.format(Files.getLastModifiedTime(p).toInstant()), Files.size(p), checksum);
    }

    /** The snapshot {@code name} in {@code dir}; 404 when there is none (or the name could not be one). */
    Path existing(Path dir, String name) {
        Path p = dir.resolve(plain(name));
        if (!name.endsWith(SUFFIX) || !Files.isRegularFile(p)) {
            throw AtollException.notFound("Snapshot " + name + " not found");
        }
        return p;
    }

    void delete(Path snapshot) throws IOException {
        Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + CHECKSUM));
        Files.delete(snapshot);
    }

    /** A snapshot and its checksum, whichever of them exist. */
    void deleteIfExists(Path snapshot) throws IOException {
        Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + CHECKSUM));
        Files.deleteIfExists(snapshot);
    }

    /** Bytes the snapshots on this node take, temporary files included. */
    public long usedBytes() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).mapToLong(SnapshotStore::sizeOf).sum(); // 0: removed meanwhile
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A name used as one path element: no separators, no dot files, nothing but plain characters. */
    static String plain(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw AtollException.notFound("Snapshot " + name + " not found");
        }
        return name;
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
