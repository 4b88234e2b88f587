package io.atoll.chaos;

import io.atoll.chaos.net.Shell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the chaos runner from a test: a JVM with this one's classpath in a new network and mount namespace
 * ({@code unshare --net --mount}), so that its routes, firewall rules and tmpfs mounts exist only for it and vanish
 * with it. Its output is echoed and returned for the assertion message.
 */
public final class ChaosLauncher {
    /** The Debian packages the faults need: nft, strace, libfaketime, and iproute2's ip. */
    public static final String PACKAGES = "nftables strace faketime iproute2 util-linux";

    private ChaosLauncher() {
    }

    public record Finished(int exitCode, String output) {
    }

    /** Why this machine cannot run the chaos runner, or null when it can. */
    public static String unsupported() {
        for (String tool : List.of("unshare", "nsenter", "ip", "nft", "strace", "faketime")) {
            if (!Shell.works("sh", "-c", "command -v " + tool)) {
                return "the chaos tests need `" + tool + "`: apt-get install -y " + PACKAGES;
            }
        }
        if (!Shell.works("strace", "-qq", "-o", "/dev/null", "true")) {
            return "the chaos tests make fsync fail through strace, which needs ptrace (strace true failed)";
        }
        if (!Shell.works("unshare", "--net", "--mount", "true")) {
            return "the chaos tests create network namespaces and mounts, which needs root "
                    + "(unshare --net --mount failed)";
        }
        return null;
    }

    public static Finished run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net", "--mount", "--", java,
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), ChaosMain.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println(line);
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                reader.join(5_000);
                synchronized (out) {
                    return new Finished(-1, out + "\n(chaos runner killed after " + timeout + ")");
                }
            }
        } finally {
            // the runner kills its nodes itself; these are what it could not (it was killed or crashed)
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        reader.join(5_000);
        synchronized (out) {
            return new Finished(p.exitValue(), out.toString());
        }
    }
}
