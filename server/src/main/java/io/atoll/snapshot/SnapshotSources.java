package io.atoll.snapshot;

import io.atoll.error.AtollException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Brings a snapshot to recover onto this node: from a URL (downloaded with the optional API key), from a local
 * file (only inside the snapshot directory, as in Qdrant: a request must not read any file the server can), or
 * from an upload; and checks it against the checksum the user gave, before anything reads it.
 */
final class SnapshotSources {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private final SnapshotStore store;

    SnapshotSources(SnapshotStore store) {
        this.store = store;
    }

    /** The snapshot at {@code location}: an http(s) URL or a file URL inside the snapshot directory. */
    ReceivedSnapshot fetch(String location, String apiKey, String checksum) throws IOException {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw AtollException.badRequest("Bad request: snapshot location `" + location + "` is not a URL: "
                    + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        return switch (scheme) {
            case "http", "https" -> download(uri, apiKey, checksum);
            case "file" -> local(Path.of(uri.getPath()), checksum);
            default -> throw AtollException.badRequest("Bad request: snapshot location `" + location
                    + "` must be an http(s) URL or a file URL");
        };
    }

    /** A snapshot file already in the snapshot directory. */
    ReceivedSnapshot local(Path path, String checksum) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        // Checked again once links are resolved: a link inside the directory must not lead out of it.
        if (!p.startsWith(store.root()) || Files.exists(p) && !p.toRealPath().startsWith(store.root().toRealPath())) {
            throw AtollException.badRequest("Bad request: snapshot file " + path + " must be inside the snapshot "
                    + "directory " + store.root());
        }
        if (!Files.isRegularFile(p)) {
            throw AtollException.notFound("Snapshot file " + path + " does not exist");
        }
        verify(p, checksum);
        return new ReceivedSnapshot(p, false);
    }

    private ReceivedSnapshot download(URI uri, String apiKey, String checksum) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).GET();
        if (apiKey != null) {
            r.header("api-key", apiKey);
        }
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw AtollException.badRequest("Bad request: could not download the snapshot from " + uri + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while downloading the snapshot");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw AtollException.badRequest("Bad request: could not download the snapshot from " + uri
                        + ": it answered HTTP " + response.statusCode());
            }
            return receive(body, checksum);
        }
    }

    /** Stores {@code in} as a temporary file and checks it against {@code checksum} (when given). */
    ReceivedSnapshot receive(InputStream in, String checksum) throws IOException {
        Path tmp = store.tmpFile("received-");
        try {
            MessageDigest sha = sha256();
            try (DigestInputStream d = new DigestInputStream(in, sha)) {
                Files.copy(d, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            compare(checksum, HexFormat.of().formatHex(sha.digest()));
            return new ReceivedSnapshot(tmp, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void verify(Path p, String checksum) throws IOException {
        if (checksum == null) {
            return;
        }
        MessageDigest sha = sha256();
        try (DigestInputStream d = new DigestInputStream(Files.newInputStream(p), sha)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        compare(checksum, HexFormat.of().formatHex(sha.digest()));
    }

    private static void compare(String expected, String actual) {
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw AtollException.badRequest("Bad request: snapshot checksum mismatch: expected " + expected
                    + ", got " + actual);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
