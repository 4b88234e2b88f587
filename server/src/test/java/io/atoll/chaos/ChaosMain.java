package io.atoll.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.atoll.chaos.check.Findings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos runner: runs seeded scenarios one after another and prints a table of what each injected, did and
 * found, then the totals. Exits 1 when any run found anything. Must run in a network namespace of its own
 * ({@code unshare --net --mount}; {@code ./atoll chaos} and the tests start it so).
 *
 * <pre>
 *   --seeds N        how many runs (default 1)
 *   --seed S         the first seed (default 1); runs use S, S+1, ...
 *   --minutes M      length of each run's chaos phase, fractions allowed (default 0.5)
 *   --scenario NAME  run only this scenario (default: every scenario in turn)
 *   --out DIR        where failed runs are kept (default target/chaos)
 * </pre>
 */
public final class ChaosMain {
    private static final String ROW = "%-4s %-11s %6s %6s %7s %5s %10s %9s %7s %6s  %s%n";

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = 1;
        long first = 1;
        double minutes = 0.5;
        String only = null;
        Path out = Path.of("target/chaos");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage(args[i] + " needs a value");
            }
            try {
                switch (args[i]) {
                    case "--seeds" -> seeds = Integer.parseInt(value);
                    case "--seed" -> first = Long.parseLong(value);
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--scenario" -> only = value;
                    case "--out" -> out = Path.of(value);
                    default -> usage("unknown option " + args[i]);
                }
            } catch (NumberFormatException e) {
                usage(args[i] + " needs a number, got `" + value + "`");
            }
            i++;
        }
        if (seeds < 1 || !(minutes > 0)) {
            usage("--seeds must be at least 1 and --minutes above 0");
        }
        Duration chaos = Duration.ofMillis((long) (minutes * 60_000));
        List<Scenario> scenarios = List.of();
        try {
            scenarios = only == null ? Scenarios.list() : List.of(Scenarios.named(only));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        Files.createDirectories(out);
        System.out.printf(ROW, "run", "scenario", "seed", "faults", "ops", "lost", "unexpected", "divergent",
                "nonlin", "other", "result");
        List<RunResult> results = new ArrayList<>();
        for (int run = 0; run < seeds; run++) {
            long seed = first + run;
            Scenario scenario = scenarios.get((int) (seed % scenarios.size()));
            RunResult r = ChaosRun.run(scenario, seed, chaos, out);
            results.add(r);
            // "+mtls": the peers of this run spoke mutual TLS
            print(Integer.toString(run + 1), r.scenario() + (ChaosWorld.peerTls(seed) ? "+mtls" : ""),
                    Long.toString(seed), r.faults(), r.operations(),
                    r.count(Findings.LOST), r.count(Findings.UNEXPECTED), r.count(Findings.DIVERGENT),
                    r.count(Findings.NONLINEARIZABLE), other(r), r.passed() ? "ok" : "FAILED, kept in " + r.kept());
            System.out.println("      " + r.phases());
            r.examples().forEach(e -> System.out.println("      " + e));
            if (!r.passed()) {
                System.out.println("      replay: " + r.replay());
            }
        }
        System.out.println();
        System.out.printf("%-6s %-8s %-11s %-6s %-11s %-10s %-8s %-8s%n", "runs", "faults", "operations", "lost",
                "unexpected", "divergent", "nonlin", "failed");
        System.out.printf("%-6d %-8d %-11d %-6d %-11d %-10d %-8d %-8d%n", results.size(),
                results.stream().mapToLong(RunResult::faults).sum(),
                results.stream().mapToLong(RunResult::operations).sum(),
                total(results, Findings.LOST), total(results, Findings.UNEXPECTED), total(results, Findings.DIVERGENT),
                total(results, Findings.NONLINEARIZABLE), results.stream().filter(r -> !r.passed()).count());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("summary.json").toFile(), results);
        System.exit(results.stream().allMatch(RunResult::passed) ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("atoll chaos: " + problem + "\n"
                + "options: --seeds N, --seed S, --minutes M, --scenario NAME (one of "
                + Scenarios.list().stream().map(Scenario::name).toList() + "), --out DIR");
        System.exit(2);
    }

    private static void print(String run, String scenario, String seed, long faults, long ops, long lost,
                              long unexpected, long divergent, long nonlin, long other, String result) {
        System.out.printf(ROW, run, scenario, seed, faults, ops, lost, unexpected, divergent, nonlin, other, result);
    }

    private static long other(RunResult r) {
        return r.findings().values().stream().mapToLong(Long::longValue).sum() - r.count(Findings.LOST)
                - r.count(Findings.UNEXPECTED) - r.count(Findings.DIVERGENT) - r.count(Findings.NONLINEARIZABLE);
    }

    private static long total(List<RunResult> results, String kind) {
        return results.stream().mapToLong(r -> r.count(kind)).sum();
    }
}
