package io.atoll.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process's memory, as issue 15 states its aims: the heap its live objects need (used right after a full
 * collection, asked of the JVM through {@code jcmd}) and what the process keeps resident (VmRSS, which also counts
 * the index files mapped into memory).
 *
 * @param heapUsedBytes      heap in use right after a full collection
 * @param heapCommittedBytes heap the JVM holds from the operating system
 * @param residentBytes      resident set size of the whole process
 */
record ServerMemory(long heapUsedBytes, long heapCommittedBytes, long residentBytes) {
    private static final Pattern HEAP = Pattern.compile("committed (\\d+)K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    static ServerMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher heap = HEAP.matcher(jcmd(pid, "GC.heap_info"));
        if (!heap.find()) {
            throw new IOException("no heap figures from jcmd " + pid + " GC.heap_info");
        }
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        if (!rss.find()) {
            throw new IOException("no VmRSS in /proc/" + pid + "/status");
        }
        return new ServerMemory(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024,
                Long.parseLong(rss.group(1)) * 1024);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
