package io.atoll.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * A command run in a detached tmux session, so that its standard output is a terminal, with the screens it drew
 * captured as it runs. Each instance has a tmux server of its own (its own socket), which {@link #close} kills,
 * so a test never touches a user's tmux sessions. Not thread-safe.
 */
final class Tmux implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final Pattern EXIT = Pattern.compile("atoll-exit=(\\d+)");
    /**
     * A progress bar line: {@code task  45% |████▌    |  51/123 KiB (...)}, the done count padded to the total's
     * width (brackets '[' ']' in ASCII style).
     */
    private static final Pattern BAR = Pattern.compile(".*\\s(\\d{1,3})% [|│\\[].*[|│\\]]\\s+\\d+/\\d+.*");

    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Its absence is a failure, not a skip (as for Node.js): a skipped test would prove nothing in CI. */
    static void assumeInstalled() {
        Assertions.assertTrue(Path.of("/usr/bin/tmux").toFile().canExecute() || onPath("tmux"),
                "tmux is not installed: apt-get install tmux (.ci/run installs it)");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /**
     * Starts {@code command} in a {@code width} x {@code height} terminal; after it ends, its exit code is printed
     * as {@code atoll-exit=N} and the session stays, so its last screen can still be captured.
     */
    static Tmux start(Path dir, int width, int height, List<String> command) throws IOException, InterruptedException {
        String name = "atoll-cli-test-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();
        Path script = dir.resolve(name + ".sh");
        String line = command.stream().map(Tmux::quote).collect(Collectors.joining(" "));
        Files.writeString(script, line + "\necho \"atoll-exit=$?\"\nsleep 600\n");
        Tmux tmux = new Tmux(name);
        try {
            tmux.tmux("new-session", "-d", "-s", "cli", "-x", Integer.toString(width), "-y", Integer.toString(height),
                    "bash " + quote(script.toString()));
        } catch (IOException | RuntimeException e) {
            tmux.close();
            throw e;
        }
        return tmux;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The exit code of the command and every distinct screen captured while it ran, in order. */
    record Run(int exit, List<String> screens) {
        String last() {
            return screens.getLast();
        }

        @Override
        public String toString() {
            String progress = screens.stream().flatMap(String::lines).filter(l -> l.contains("%")).distinct()
                    .collect(Collectors.joining("\n"));
            return "exit " + exit + ", " + screens.size() + " screens captured; the lines with a percentage:\n"
                    + progress + "\nthe last screen:\n" + last();
        }
    }

    /** Captures the pane every 100 ms until the command's exit code shows. */
    Run awaitExit(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> screens = new ArrayList<>();
        while (true) {
            String screen = tmux("capture-pane", "-p", "-t", "cli").stripTrailing();
            if (screens.isEmpty() || !screens.getLast().equals(screen)) {
                screens.add(screen);
            }
            Matcher m = EXIT.matcher(screen);
            if (m.find()) {
                return new Run(Integer.parseInt(m.group(1)), screens);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the command in tmux did not end within " + timeout + "; screen:\n" + screen);
            }
            Thread.sleep(100);
        }
    }

    /** The first progress bar line of {@code screen} whose percentage passes {@code percent}. */
    static Optional<String> barLine(String screen, IntPredicate percent) {
        return screen.lines().filter(l -> {
            Matcher m = BAR.matcher(l);
            return m.matches() && percent.test(Integer.parseInt(m.group(1)));
        }).findFirst();
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Kills the session and this instance's tmux server (only it: the socket is ours). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-session", "-t", "cli");
        } catch (IOException alreadyGone) {
            // the server exits with its last session; kill-server below is then a no-op too
        }
        try {
            tmux("kill-server");
        } catch (IOException alreadyGone) {
            // no server left on our socket
        }
    }
}
