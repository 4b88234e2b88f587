package io.atoll.api.security;

import io.atoll.api.security.RawHttp.Header;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One unary gRPC call over a plain socket in hand-made HTTP/2 frames, its metadata bytes exactly as given: what
 * grpc-java will not send (it drops values that are not printable ASCII, and refuses metadata over the size the
 * server advertises), so the server's own answer to them can be seen. Stateless.
 */
final class RawGrpc {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7,
            CONTINUATION = 9;
    private static final int END_STREAM = 1, ACK = 1, END_HEADERS = 4, PADDED = 8, PRIORITY = 0x20;
    /** The largest frame every HTTP/2 peer must take. */
    private static final int FRAME = 16_384;

    private RawGrpc() {
    }

    /**
     * How the server ended the call: its gRPC status, or, when it answered below gRPC, a description of that (an
     * HTTP status, a reset stream, a closed connection) with a null code.
     */
    record Answer(Status.Code code, String description) {
    }

    static Answer call(int port, String path, List<Header> metadata, byte[] message) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (String[] h : List.of(new String[]{":method", "POST"}, new String[]{":scheme", "http"},
                new String[]{":path", path}, new String[]{":authority", "127.0.0.1:" + port},
                new String[]{"content-type", "application/grpc"}, new String[]{"te", "trailers"})) {
            literal(block, h[0].getBytes(StandardCharsets.US_ASCII), h[1].getBytes(StandardCharsets.US_ASCII));
        }
        for (Header h : metadata) {
            literal(block, h.name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII), h.value());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(PREFACE);
                frame(out, SETTINGS, 0, 0, new byte[0]);
                byte[] b = block.toByteArray();
                for (int at = 0; at < b.length || at == 0; at += FRAME) {
                    boolean last = at + FRAME >= b.length;
                    frame(out, at == 0 ? HEADERS : CONTINUATION, last ? END_HEADERS : 0, 1,
                            Arrays.copyOfRange(b, at, Math.min(b.length, at + FRAME)));
                }
                frame(out, DATA, END_STREAM, 1, ByteBuffer.allocate(5 + message.length).put((byte) 0)
                        .putInt(message.length).put(message).array());
            } catch (IOException e) {
                // the server may refuse the headers and close before reading the rest: read what it said
            }
            return read(new DataInputStream(socket.getInputStream()), out);
        }
    }

    private static Answer read(DataInputStream in, OutputStream out) throws IOException {
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        String httpStatus = null;
        boolean endStream = false;
        while (true) {
            byte[] head = new byte[9];
            try {
                in.readFully(head);
            } catch (EOFException | java.net.SocketException e) {
                return new Answer(null, "connection closed" + (httpStatus == null ? "" : " after HTTP " + httpStatus));
            }
            int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
            int type = head[3] & 0xff, flags = head[4] & 0xff;
            int stream = ByteBuffer.wrap(head, 5, 4).getInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(out, SETTINGS, ACK, 0, new byte[0]);
            } else if (type == PING && (flags & ACK) == 0) {
                frame(out, PING, ACK, 0, payload);
            } else if (type == GOAWAY) {
                return new Answer(null, "GOAWAY, HTTP/2 error " + ByteBuffer.wrap(payload, 4, 4).getInt());
            } else if (type == RST_STREAM && stream == 1) {
                return new Answer(null, "RST_STREAM, HTTP/2 error " + ByteBuffer.wrap(payload).getInt());
            } else if ((type == HEADERS || type == CONTINUATION) && stream == 1) {
                int from = 0, to = length;
                if (type == HEADERS) {
                    endStream = (flags & END_STREAM) != 0;
                    if ((flags & PADDED) != 0) {
                        from = 1;
                        to -= payload[0] & 0xff;
                    }
                    from += (flags & PRIORITY) != 0 ? 5 : 0;
                }
                block.write(payload, from, to - from);
                if ((flags & END_HEADERS) == 0) {
                    continue;
                }
                Http2Headers headers = decode(decoder, block.toByteArray());
                block.reset();
                httpStatus = headers.status() != null ? headers.status().toString() : httpStatus;
                CharSequence grpcStatus = headers.get("grpc-status");
                if (grpcStatus != null) {
                    CharSequence message = headers.get("grpc-message");
                    return new Answer(Status.fromCodeValue(Integer.parseInt(grpcStatus.toString())).getCode(),
                            message == null ? null : URLDecoder.decode(message.toString().replace("+", "%2B"),
                                    StandardCharsets.UTF_8));
                }
                if (endStream) {
                    return new Answer(null, "HTTP " + httpStatus + " without a gRPC status");
                }
            }
        }
    }

    private static Http2Headers decode(DefaultHttp2HeadersDecoder decoder, byte[] block) throws IOException {
        try {
            return decoder.decodeHeaders(1, Unpooled.wrappedBuffer(block));
        } catch (Http2Exception e) {
            throw new IOException("the server's headers do not decode", e);
        }
    }

    /** An HPACK literal field without indexing, name and value as plain (not Huffman-coded) bytes. */
    private static void literal(ByteArrayOutputStream block, byte[] name, byte[] value) {
        block.write(0);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, byte[] s) {
        // a length in HPACK's integer form with a 7-bit prefix, the Huffman bit clear
        if (s.length < 127) {
            block.write(s.length);
        } else {
            block.write(127);
            int rest = s.length - 127;
            while (rest >= 128) {
                block.write((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            block.write(rest);
        }
        block.writeBytes(s);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(9);
        head.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(stream);
        out.write(head.array());
        out.write(payload);
        out.flush();
    }
}
