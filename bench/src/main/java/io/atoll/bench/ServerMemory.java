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
 * the index files mapped into memory), split into the anonymous part (heap, JIT, threads, direct buffers) and the
 * file-backed part (pages of mapped files, shared libraries included), whose {@code .vec} share says how much of
 * the original float vectors stays resident (what quantization aims to leave on disk; a lower bound while small
 * segments keep their vectors inside compound {@code .cfs} files, which are not counted).
 *
 * @param heapUsedBytes      heap in use right after a full collection
 * @param heapCommittedBytes heap the JVM holds from the operating system
 * @param residentBytes      resident set size of the whole process
 * @param anonBytes          resident anonymous memory (RssAnon)
 * @param fileBytes          resident file-backed memory (RssFile)
 * @param floatVectorBytes   resident pages of mapped {@code .vec} files (Lucene's original float vectors)
 */
record ServerMemory(long heapUsedBytes, long heapCommittedBytes, long residentBytes, long anonBytes, long fileBytes,
                    long floatVectorBytes) {
    private static final Pattern HEAP = Pattern.compile("committed (\\d+)K, used (\\d+)K");
    /** A mapping's header line in smaps (address range first, path last); its figures follow, one a line. */
    private static final Pattern MAPPING = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ .*");

    /** What grew since {@code before}, figure by figure (the heap figures too). */
    ServerMemory minus(ServerMemory before) {
        return new ServerMemory(heapUsedBytes - before.heapUsedBytes, heapCommittedBytes - before.heapCommittedBytes,
                residentBytes - before.residentBytes, anonBytes - before.anonBytes, fileBytes - before.fileBytes,
                floatVectorBytes - before.floatVectorBytes);
    }

    static ServerMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher heap = HEAP.matcher(jcmd(pid, "GC.heap_info"));
        if (!heap.find()) {
            throw new IOException("no heap figures from jcmd " + pid + " GC.heap_info");
        }
        nativeMemory(pid);
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        return new ServerMemory(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024,
                kilobytes(status, "VmRSS", pid), kilobytes(status, "RssAnon", pid), kilobytes(status, "RssFile", pid),
                residentOfMapped(pid, ".vec"));
    }

    /**
     * With native memory tracking on (-XX:NativeMemoryTracking=summary in ATOLL_BENCH_SERVER_OPTS), what the JVM
     * holds by category, on stderr: where anonymous memory goes (heap, code, threads, GC structures, buffers).
     */
    private static void nativeMemory(long pid) throws IOException, InterruptedException {
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        if (!cmdline.contains("-XX:NativeMemoryTracking=summary")) {
            return; // tracking is off: nothing to ask jcmd for
        }
        jcmd(pid, "VM.native_memory summary scale=MB").lines().filter(l -> l.startsWith("Total:") || l.matches("^-\\s+\\S.*\\(reserved=.*"))
                .forEach(l -> System.err.println("bench: server memory " + pid + " " + l.strip()));
    }

    private static long kilobytes(String status, String field, long pid) throws IOException {
        for (String line : status.lines().toList()) {
            if (line.startsWith(field + ":")) {
                return kb(line);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** The figure of a "Name:   1234 kB" line, in bytes. */
    private static long kb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    /** Resident bytes of the process's mappings of files whose names end in {@code suffix}. */
    private static long residentOfMapped(long pid, String suffix) throws IOException {
        long bytes = 0;
        boolean counting = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (MAPPING.matcher(line).matches()) {
                // A merged-away segment's file stays mapped, marked deleted, until its last reader closes.
                counting = line.endsWith(suffix) || line.endsWith(suffix + " (deleted)");
            } else if (counting && line.startsWith("Rss:")) {
                bytes += kb(line);
            }
        }
        return bytes;
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
