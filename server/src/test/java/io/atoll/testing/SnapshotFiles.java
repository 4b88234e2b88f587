package io.atoll.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Snapshot archives in tests, as a user handles them: downloaded over REST, uploaded as Qdrant's multipart form,
 * and, to make bad ones, rewritten entry by entry.
 */
public final class SnapshotFiles {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SnapshotFiles() {
    }

    /** The body of a GET, which must answer 200. */
    public static byte[] download(String url) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** Posts {@code archive} as the multipart part {@code snapshot}, as Qdrant's clients upload snapshots. */
    public static RestClient.Response upload(String url, byte[] archive) {
        String boundary = "atoll-test-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"snapshot\"; "
                + "filename=\"upload.snapshot\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(archive);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), HttpResponse.BodyHandlers.ofString());
        return response(r);
    }

    /** Any other request with a raw body and content type. */
    public static RestClient.Response post(String url, String contentType, byte[] body) {
        return response(send(HttpRequest.newBuilder(URI.create(url)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * The archive with each entry's bytes passed through {@code change} (entry name, bytes; null drops the entry).
     */
    public static byte[] rewrite(byte[] archive, BiFunction<String, byte[], byte[]> change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = change.apply(e.getName(), in.readAllBytes());
                if (data == null) {
                    continue;
                }
                TarArchiveEntry copy = new TarArchiveEntry(e.getName());
                copy.setSize(data.length);
                tar.putArchiveEntry(copy);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static RestClient.Response response(HttpResponse<String> r) {
        com.fasterxml.jackson.databind.JsonNode json = null;
        try {
            json = RestClient.JSON.readTree(r.body());
        } catch (IOException notJson) {
            // left null
        }
        return new RestClient.Response(r.statusCode(), r.body(), json);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(b.timeout(Duration.ofMinutes(2)).build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
