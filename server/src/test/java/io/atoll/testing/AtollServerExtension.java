package io.atoll.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One real Atoll server process shared by all tests of a class: register it as a static field with
 * {@code @RegisterExtension}. Starting a JVM per test would make an API suite of hundreds of tests take many minutes,
 * so tests share the server and keep apart by using {@link #collection distinct collection names}. The process is
 * always killed after the class, and its log tail is printed when a test fails.
 */
public final class AtollServerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private Path dir;
    private AtollProcess process;
    private RestClient client;
    private io.qdrant.client.QdrantClient grpc;
    private final String config;

    /** A node with the built-in defaults. */
    public AtollServerExtension() {
        this(null);
    }

    /** A node started with this YAML as its configuration file (null: none). */
    public AtollServerExtension(String config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("atoll-api-" + context.getRequiredTestClass().getSimpleName() + "-");
        if (config == null) {
            process = AtollProcess.start(dir.resolve("node"));
        } else {
            Path file = Files.writeString(dir.resolve("config.yaml"), config);
            process = AtollProcess.start(dir.resolve("node"), "--config", file.toString());
        }
        client = process.client();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (grpc != null) {
            grpc.close();
        }
        try {
            if (process != null) {
                process.close();
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (process != null) {
            System.err.println("---- atoll log after failure of " + context.getDisplayName() + " ----\n" + process.logTail());
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
    }

    /** Qdrant's Java client on the server's gRPC port, made on first use and closed with the server. */
    public synchronized io.qdrant.client.QdrantClient grpc() {
        if (grpc == null) {
            grpc = new io.qdrant.client.QdrantClient(io.qdrant.client.QdrantGrpcClient.newBuilder("127.0.0.1",
                    process.grpcPort(), false).build());
        }
        return grpc;
    }

    public RestClient client() {
        return client;
    }

    public AtollProcess process() {
        return process;
    }

    /** A collection name no other test of this JVM uses. */
    public static String collection(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet();
    }

    /** Deletes {@code root} and everything under it; nothing to do when it does not exist. */
    static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
