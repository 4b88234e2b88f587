package io.atoll.api.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for the fuzzer: unlike {@link java.net.http.HttpClient}
 * it sends any request target (invalid percent-encodings, 9 KB paths), any content type or none, and any body bytes,
 * and it bounds the whole exchange by one deadline so a server that hangs is reported as a hang. Stateless.
 */
final class RawHttpClient {
    private static final int MAX_RESPONSE = 64 << 20;

    private final String host;
    private final int port;

    RawHttpClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A response: status, lower-cased headers, the body (de-chunked), and how long the exchange took. */
    record Reply(int status, Map<String, String> headers, byte[] body, long millis) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /** Thrown when no complete response arrived within the deadline. */
    static final class HangException extends IOException {
        HangException(String message) {
            super(message);
        }
    }

    /** {@code contentType} null sends no Content-Type header; {@code body} null or empty sends Content-Length: 0. */
    Reply send(String method, String target, String contentType, byte[] body, Duration timeout) throws IOException {
        return exchange(method, target, contentType, body, timeout, false);
    }

    /**
     * As {@link #send}, but without asking the server to close the connection, so its answer shows whether it closes
     * on its own. Only for requests the server answers by closing: the reply is read until the connection ends.
     */
    Reply sendKeepingAlive(String method, String target, String contentType, byte[] body, Duration timeout) throws IOException {
        return exchange(method, target, contentType, body, timeout, true);
    }

    private Reply exchange(String method, String target, String contentType, byte[] body, Duration timeout,
                           boolean keepAlive) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        byte[] payload = body == null ? new byte[0] : body;
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = s.getOutputStream();
            try {
                // ISO-8859-1 keeps every char of the target as one byte, as a browser would send an unencoded path
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 400) and close before reading all of the body; read what it said
            }
            byte[] raw = readAll(s.getInputStream(), deadline);
            return parse(raw, (System.nanoTime() - start) / 1_000_000);
        } catch (SocketTimeoutException e) {
            throw new HangException("no complete response within " + timeout.toMillis() + " ms");
        }
    }

    private static byte[] readAll(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[16384];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            buf.write(chunk, 0, n);
            if (System.nanoTime() > deadline) {
                throw new HangException("response still streaming at the deadline (" + buf.size() + " bytes so far)");
            }
            if (buf.size() > MAX_RESPONSE) {
                throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
            }
        }
        return buf.toByteArray();
    }

    private static Reply parse(byte[] raw, long millis) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("the connection closed before a complete response head (" + raw.length + " bytes: "
                    + new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1) + ")");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            if (length > body.length) {
                throw new IOException("the connection closed after " + body.length + " of " + length + " body bytes");
            }
            body = java.util.Arrays.copyOf(body, length);
        }
        return new Reply(status, headers, body, millis);
    }

    private static byte[] dechunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int eol = indexOf(in, new byte[] {'\r', '\n'}, pos);
            if (eol < 0) {
                throw new IOException("truncated chunked body");
            }
            String size = new String(in, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            if (eol + 2 + n > in.length) {
                throw new IOException("truncated chunk");
            }
            out.write(in, eol + 2, n);
            pos = eol + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
