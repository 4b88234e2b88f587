package io.atoll.api.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket with header bytes exactly as given, in order and repeated at will:
 * what java.net.http refuses to send (control bytes, several values of one header in a chosen order). Stateless.
 */
final class RawHttp {
    private static final byte[] CRLF = {'\r', '\n'};

    private RawHttp() {
    }

    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.ISO_8859_1));
        }

        String text() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    record Reply(int status, String contentType, String body) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static Reply exchange(int port, String method, String target, List<Header> headers, String json)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (Header h : headers) {
            request.writeBytes((h.name() + ": ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(h.value());
            request.writeBytes(CRLF);
        }
        request.writeBytes(CRLF);
        request.writeBytes(body);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // a server may answer a head it refuses (431) and close before reading the rest: read that answer
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** Everything until the server closes; a reset after an answer keeps what arrived. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (got.size() == 0) {
                throw e;
            }
        }
        return got.toByteArray();
    }

    private static Reply parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP/1.1 response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            body = body.substring(0, Math.min(body.length(), Integer.parseInt(headers.get("content-length"))));
        }
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers.get("content-type"),
                new String(bytes, StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
