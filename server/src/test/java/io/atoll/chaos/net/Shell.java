package io.atoll.chaos.net;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command (ip, nft, mount, kill) and fails with its output when it exits non-zero. */
public final class Shell {
    private Shell() {
    }

    public static String run(String... cmd) {
        return run(List.of(cmd));
    }

    public static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    /** Whether the command exists and exits 0 (for checking what this machine can do). */
    public static boolean works(String... cmd) {
        try {
            run(cmd);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
