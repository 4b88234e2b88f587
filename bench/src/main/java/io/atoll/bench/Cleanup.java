package io.atoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * What must be undone however the benchmark ends (the server process, temporary directories): run once, newest
 * first, on {@link #close} or from a shutdown hook when the JVM is stopped by a signal or an uncaught failure.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<Runnable> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "bench-cleanup");

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized void add(Runnable action) {
        actions.push(action);
    }

    /** A new temporary directory, deleted with everything in it at the end. */
    Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        add(() -> deleteTree(dir));
        return dir;
    }

    private synchronized void runAll() {
        while (!actions.isEmpty()) {
            try {
                actions.pop().run();
            } catch (RuntimeException e) {
                System.err.println("bench: cleanup step failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e);
        }
    }
}
