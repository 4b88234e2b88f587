package io.atoll.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One read of a node's TLS files: their bytes, and a fingerprint of each (last-modified time, size and SHA-256 of
 * the content) that tells whether anything changed since another read. Parsing uses the very bytes that were
 * fingerprinted, so what is applied is what was compared. Paths are followed through symlinks, so a Kubernetes
 * secret volume's atomic {@code ..data} swap shows up as a change of every file.
 */
final class MaterialSnapshot {
    /** One file's version; an unreadable file has a version too, so that its failure is reported once. */
    record FileVersion(Path path, long modifiedMillis, long size, String sha256) {
    }

    /** What the files hold: an identity and, when a CA file is configured, its CAs (otherwise empty). */
    record Material(TlsIdentity identity, List<X509Certificate> cas) {
    }

    private final TlsFiles files;
    private final List<FileVersion> versions;
    private final byte[][] contents;
    private final TlsFileException unreadable;

    private MaterialSnapshot(TlsFiles files, List<FileVersion> versions, byte[][] contents, TlsFileException unreadable) {
        this.files = files;
        this.versions = List.copyOf(versions);
        this.contents = contents;
        this.unreadable = unreadable;
    }

    static MaterialSnapshot take(TlsFiles files) {
        List<Path> paths = new ArrayList<>(List.of(files.cert(), files.key()));
        files.ca().ifPresent(paths::add);
        List<FileVersion> versions = new ArrayList<>();
        byte[][] contents = new byte[paths.size()][];
        TlsFileException unreadable = null;
        for (int i = 0; i < paths.size(); i++) {
            Path path = paths.get(i);
            try {
                // Stat before reading: a write racing the read then leaves a newer time for the next check to see.
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                contents[i] = PemFiles.read(path);
                versions.add(new FileVersion(path, attributes.lastModifiedTime().toMillis(), attributes.size(),
                        sha256(contents[i])));
            } catch (IOException | TlsFileException e) {
                TlsFileException failure = e instanceof IOException io ? PemFiles.cannotOpen(path, io)
                        : (TlsFileException) e;
                unreadable = unreadable == null ? failure : unreadable;
                versions.add(new FileVersion(path, -1, -1, "unreadable: " + failure.getMessage()));
            }
        }
        return new MaterialSnapshot(files, versions, contents, unreadable);
    }

    /**
     * The version of each file: equal lists mean the same time, size and content. Holders of a past read keep this
     * rather than the snapshot, so no copy of a key file outlives the check that read it.
     */
    List<FileVersion> versions() {
        return versions;
    }

    /** The identity and CAs these bytes hold, or a {@link TlsFileException} saying which file is wrong. */
    Material parse() {
        if (unreadable != null) {
            throw unreadable;
        }
        TlsIdentity identity = PemFiles.identity(contents[0], files.cert(), contents[1], files.key());
        List<X509Certificate> cas = files.ca().map(ca -> PemFiles.caBundle(contents[2], ca)).orElse(List.of());
        return new Material(identity, cas);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
