package io.atoll.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * REST searches sent by wrk (Debian's package), a native HTTP load generator that costs little next to the server.
 * The REST target's client, the JDK's HttpClient, costs more than the server's REST layer (issue 15 measured it
 * understating the server about 3x with 2 clients), so this says what the server itself serves: the same
 * request bodies, one connection and thread per client, each sending its next request when the last answered.
 *
 * <p>wrk reads no answers, so recall is the REST target's: the same server answers the same queries the same way.
 * Without wrk the benchmark says what to install and leaves these rows out.
 */
final class WrkLoad {
    private static final String WRK = "wrk";
    /** One body per line; each wrk thread (one per connection here) sends them round and round. */
    private static final String SCRIPT = """
            local bodies = {}
            for line in io.lines(os.getenv("ATOLL_WRK_BODIES")) do bodies[#bodies + 1] = line end
            local i = 0
            request = function()
              i = i % #bodies + 1
              return wrk.format("POST", os.getenv("ATOLL_WRK_PATH"), {["Content-Type"] = "application/json"}, bodies[i])
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("ATOLL %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
                  e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
            end
            """;

    private final Path dir;

    /**
     * @param errors answers other than 2xx and failed connections, reads, writes and timeouts (any makes the
     *               figure worthless; the table says so)
     */
    record Result(int ef, int clients, double seconds, long requests, double qps, double p50Ms, double p99Ms,
                  long errors) {
    }

    private WrkLoad(Path dir) {
        this.dir = dir;
    }

    /** A load generator working in {@code dir}, or empty (with what to install printed) when wrk is missing. */
    static Optional<WrkLoad> find(Path dir) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(WRK, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("bench: no wrk rows: wrk is not installed (apt-get install wrk)");
            return Optional.empty();
        }
        Files.writeString(dir.resolve("search.lua"), SCRIPT);
        return Optional.of(new WrkLoad(dir));
    }

    /** The queries at {@code ef} from {@code clients} connections for {@code duration}, in whole seconds (wrk's). */
    Result run(String url, String collection, Dataset data, int ef, int clients, Duration duration)
            throws IOException, InterruptedException {
        long wholeSeconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        Path bodies = dir.resolve("bodies-" + ef + ".jsonl");
        if (!Files.exists(bodies)) {
            List<String> lines = new ArrayList<>();
            for (float[] q : data.queries()) {
                lines.add(new String(RestTarget.searchBody(q, GroundTruth.K, ef), StandardCharsets.UTF_8));
            }
            Files.write(bodies, lines);
        }
        ProcessBuilder pb = new ProcessBuilder(WRK, "-t", Integer.toString(clients), "-c", Integer.toString(clients),
                "-d", wholeSeconds + "s", "--timeout", "10s", "-s", dir.resolve("search.lua").toString(), url)
                .redirectErrorStream(true);
        pb.environment().put("ATOLL_WRK_BODIES", bodies.toString());
        pb.environment().put("ATOLL_WRK_PATH", "/collections/" + collection + "/points/search");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(wholeSeconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("wrk failed:\n" + out);
        }
        String line = out.lines().filter(l -> l.startsWith("ATOLL ")).findFirst()
                .orElseThrow(() -> new IOException("no summary from wrk:\n" + out));
        String[] f = line.split(" ");
        long requests = Long.parseLong(f[1]);
        double seconds = Long.parseLong(f[2]) / 1e6;
        return new Result(ef, clients, seconds, requests, requests / seconds, Long.parseLong(f[5]) / 1e3,
                Long.parseLong(f[6]) / 1e3, Long.parseLong(f[3]) + Long.parseLong(f[4]));
    }
}
