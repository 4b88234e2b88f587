package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes every fsync and fdatasync of a running node fail with EIO: strace attaches to all its threads and answers
 * those calls itself ({@code --inject}). Healed by detaching and restarting the node: after a failed fsync the
 * kernel may have dropped the dirty pages, so the node must not go on as if its log were durable.
 *
 * <p>This replaced libfiu (preloaded into every node of the scenarios that could make fsync fail): libfiu 1.1 wraps
 * malloc and strdup as well, and deadlocks against glibc's loader lock when a thread's first call through its
 * wrappers meets a JVM thread in dlopen (seen in gdb: a C2 compiler thread in dlopen waiting for libfiu's lock, a
 * thread in libfiu's strdup waiting for the loader's). About one JVM start in a hundred froze for good.
 */
public final class FsyncErrors implements Fault {
    public String name() {
        return "fsync-errors";
    }

    public Set<NodeFeature> needs() {
        return Set.of();
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        long pid = world.cluster().node(node).pid();
        Process strace = attach(pid);
        return Optional.of(new Disruption() {
            public String describe() {
                return "fsync fails on node " + node;
            }

            public void heal(ChaosWorld w) {
                detach(strace);
                w.restart(node);
            }
        });
    }

    /** Makes every fsync of process {@code pid} fail until {@link #detach}; returns the strace doing it. */
    public static Process attach(long pid) {
        Process strace;
        try {
            strace = new ProcessBuilder(List.of("strace", "-f", "-qq", "-o", "/dev/null", "-p", Long.toString(pid),
                    "-e", "trace=fsync,fdatasync", "-e", "inject=fsync,fdatasync:error=EIO"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run strace: " + e.getMessage(), e);
        }
        // The fault is in place once the node's main thread is traced (strace attaches to every thread first).
        Path status = Path.of("/proc", Long.toString(pid), "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && strace.isAlive()) {
            try {
                if (Files.readAllLines(status).contains("TracerPid:\t" + strace.pid())) {
                    return strace;
                }
                Thread.sleep(20);
            } catch (IOException e) {
                break; // the node is gone: nothing to fail
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return strace;
    }

    /** SIGTERM makes strace detach from every thread; the node runs on untraced. */
    public static void detach(Process strace) {
        strace.destroy();
        try {
            if (!strace.waitFor(10, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
