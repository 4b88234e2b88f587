package io.atoll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code atoll replicas ...} as its own process, as the launcher does ({@code io.atoll.server.Main} with the
 * test JVM's classpath), and returns its exit code and what it printed. Output goes to files, so a process that
 * prints a lot never blocks on a full pipe.
 */
public final class Cli {
    private Cli() {
    }

    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** The command line that starts the CLI with {@code args}; for running it elsewhere (inside tmux). */
    static List<String> command(String... args) {
        List<String> all = new ArrayList<>(List.of("replicas"));
        all.addAll(List.of(args));
        return atollCommand(all);
    }

    private static List<String> atollCommand(List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.atoll.server.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /** {@code atoll replicas ARGS}. */
    static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return runCommand(timeout, command(args));
    }

    /** {@code atoll ARGS}, for the commands besides {@code replicas} ({@code nodes}, {@code explain}). */
    public static Result atoll(Duration timeout, String... args) throws IOException, InterruptedException {
        return runCommand(timeout, atollCommand(List.of(args)));
    }

    private static Result runCommand(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("atoll-cli", ".out");
        Path err = Files.createTempFile("atoll-cli", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout
                        + "\n--- stdout ---\n" + Files.readString(out) + "--- stderr ---\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(60), args);
    }
}
