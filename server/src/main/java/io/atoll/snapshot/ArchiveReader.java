package io.atoll.snapshot;

import io.atoll.error.AtollException;
import io.atoll.shard.engine.SnapshotFile;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Unpacks a snapshot archive and proves it whole before anything is recovered from it: the manifest comes first and
 * must be in a format this node reads; every file it lists must be there with its length and its Lucene checksum
 * (which covers every byte); nothing else may be. A truncated or damaged archive is a 400 naming what is wrong.
 */
final class ArchiveReader {
    /** Far more than the manifest of a collection of thousands of shards takes; refused beyond, unread. */
    private static final long MAX_MANIFEST_BYTES = 64L << 20;

    private ArchiveReader() {
    }

    /** Unpacks {@code archive} into {@code into} (which must not exist) and returns its verified manifest. */
    static SnapshotManifest extract(Path archive, Path into, LongConsumer progress) throws IOException {
        Files.createDirectories(into);
        SnapshotManifest manifest = null;
        Map<String, SnapshotFile> expected = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 20);
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null || !e.getName().equals(SnapshotManifest.ENTRY)) {
                throw bad("it does not begin with " + SnapshotManifest.ENTRY + " (not an Atoll snapshot?)");
            }
            if (e.getSize() > MAX_MANIFEST_BYTES) {
                throw bad("its manifest has " + e.getSize() + " bytes, more than the " + MAX_MANIFEST_BYTES
                        + " a manifest can need");
            }
            manifest = SnapshotManifest.fromJson(tar.readAllBytes());
            if (manifest.kind() == SnapshotManifest.Kind.FULL) {
                throw bad("it is a full snapshot of a node; recover its collections one by one from the "
                        + "collection snapshots inside it (collections/<name>.snapshot)");
            }
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (SnapshotManifest.Shard s : manifest.shards()) {
                if (!ids.add(s.id())) {
                    throw bad("its manifest lists shard " + s.id() + " twice");
                }
                for (SnapshotFile f : s.files()) {
                    expected.put(ShardArchives.prefix(s.id()) + SnapshotStore.plain(f.name()), f);
                }
            }
            while ((e = tar.getNextEntry()) != null) {
                SnapshotFile f = expected.get(e.getName());
                if (f == null || !e.isFile()) {
                    throw bad("it holds " + e.getName() + ", which its manifest does not list");
                }
                Path target = into.resolve(e.getName());
                Files.createDirectories(target.getParent());
                long copied = copy(tar, target, progress);
                if (copied != f.length()) {
                    throw bad(e.getName() + " has " + copied + " bytes, the manifest says " + f.length()
                            + " (the archive is truncated)");
                }
            }
        } catch (EOFException | IllegalArgumentException e) {
            throw bad("it ends early or is not a tar archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("Truncated") || e.getMessage().contains("tar"))) {
                throw bad("it is truncated or damaged (" + e.getMessage() + ")");
            }
            throw e;
        }
        verify(manifest, into);
        return manifest;
    }

    private static long copy(InputStream in, Path target, LongConsumer progress) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        try (var out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                total += n;
                progress.accept(n);
            }
        }
        return total;
    }

    /** Every listed file arrived, and each is whole: Lucene's checksum over all its bytes matches its footer's. */
    private static void verify(SnapshotManifest manifest, Path into) throws IOException {
        for (SnapshotManifest.Shard s : manifest.shards()) {
            Path dir = into.resolve(ShardArchives.prefix(s.id()));
            Files.createDirectories(dir);
            try (Directory d = FSDirectory.open(dir)) {
                for (SnapshotFile f : s.files()) {
                    if (!Files.exists(dir.resolve(f.name()))) {
                        throw bad("shard " + s.id() + "'s file " + f.name() + " is missing (the archive is truncated)");
                    }
                    long actual;
                    try (IndexInput in = d.openInput(f.name(), IOContext.READONCE)) {
                        actual = CodecUtil.checksumEntireFile(in);
                    } catch (IOException e) {
                        throw bad("shard " + s.id() + "'s file " + f.name() + " is damaged: " + e.getMessage());
                    }
                    if (actual != f.checksum()) {
                        throw bad("shard " + s.id() + "'s file " + f.name() + " has checksum "
                                + Long.toHexString(actual) + ", the manifest says " + Long.toHexString(f.checksum()));
                    }
                }
            }
        }
    }

    private static AtollException bad(String why) {
        return AtollException.badRequest("Bad snapshot: " + why);
    }
}
