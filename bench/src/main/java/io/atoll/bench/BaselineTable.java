package io.atoll.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Prints every target's search and ingest figures over hnswlib's from the same run (issue 15's ratios): side by
 * side at each hnsw_ef, and the best QPS each reaches at recall@10 of at least {@link #RECALL}, which is how the
 * targets compare engines whose recall at a given ef differs.
 */
final class BaselineTable {
    static final double RECALL = 0.95;

    private final PrintStream out;

    BaselineTable(PrintStream out) {
        this.out = out;
    }

    void print(Report r, HnswlibBaseline h) {
        List<Scenario.TargetResult> targets = r.targets();
        out.printf("Against hnswlib %s (M 16, ef_construction 100), same points, queries and ground truth; hnswlib "
                + "runs each pass of the queries as one batch call on its threads, Atoll targets as closed-loop clients%n",
                h.version());
        out.printf("%5s %7s | %7s %8s", "ef", "clients", "hnsw rc", "QPS");
        for (Scenario.TargetResult t : targets) {
            out.printf(" | %-10s %8s %6s", t.target() + " rc", "QPS", "÷hnsw");
        }
        if (!r.wrk().isEmpty()) {
            out.printf(" | %8s %6s", "REST wrk", "÷hnsw");
        }
        out.println();
        for (HnswlibBaseline.Search s : h.searches()) {
            out.printf("%5d %7d | %7.3f %8.0f", s.ef(), s.threads(), s.recall(), s.qps());
            for (Scenario.TargetResult t : targets) {
                Optional<SearchLoad.Result> a = t.searches().stream()
                        .filter(x -> x.ef() == s.ef() && x.clients() == s.threads()).findFirst();
                out.print(a.map(x -> String.format(" | %-10.3f %8.0f %6.2f", x.recall(), x.qps(), x.qps() / s.qps()))
                        .orElse(String.format(" | %-10s %8s %6s", "", "", "")));
            }
            r.wrk().stream().filter(w -> w.ef() == s.ef() && w.clients() == s.threads()).findFirst()
                    .ifPresent(w -> out.printf(" | %8.0f %6.2f", w.qps(), w.qps() / s.qps()));
            out.println();
        }
        out.println();
        out.printf("Best QPS at recall@10 >= %.2f (issue 15 aims: REST >= 0.7x hnswlib with 2 clients, >= 0.5x with 1;"
                + " in-process >= 0.9x)%n", RECALL);
        for (int clients : h.searches().stream().map(HnswlibBaseline.Search::threads).distinct().sorted().toList()) {
            Optional<HnswlibBaseline.Search> hb = h.searches().stream()
                    .filter(s -> s.threads() == clients && s.recall() >= RECALL)
                    .max(Comparator.comparingDouble(HnswlibBaseline.Search::qps));
            out.printf("%d client(s): hnswlib %s", clients,
                    hb.map(s -> String.format("%.0f (ef %d)", s.qps(), s.ef())).orElse("never reached it"));
            for (Scenario.TargetResult t : targets) {
                Optional<SearchLoad.Result> best = t.searches().stream()
                        .filter(x -> x.clients() == clients && x.recall() >= RECALL)
                        .max(Comparator.comparingDouble(SearchLoad.Result::qps));
                out.printf("; %s %s", t.target(), best(best.map(x -> new Best(x.qps(), x.ef())), hb));
            }
            if (!r.wrk().isEmpty()) {
                // wrk's recall is the REST target's at the same setting
                List<SearchLoad.Result> rest = targets.getFirst().searches();
                Optional<WrkLoad.Result> best = java.util.stream.IntStream.range(0, rest.size())
                        .filter(i -> rest.get(i).clients() == clients && rest.get(i).recall() >= RECALL)
                        .mapToObj(i -> r.wrk().get(i)).max(Comparator.comparingDouble(WrkLoad.Result::qps));
                out.printf("; REST wrk %s", best(best.map(w -> new Best(w.qps(), w.ef())), hb));
            }
            out.println();
        }
        out.printf("Ingest over hnswlib's build with %d threads (%.0f points/s; aim: REST >= 1.0x):", h.buildThreads(),
                h.buildPointsPerSec());
        for (Scenario.TargetResult t : targets) {
            out.printf(" %s %.2fx", t.target(), t.load().ingest().pointsPerSec() / h.buildPointsPerSec());
        }
        out.println();
        out.println();
    }

    /** A target's best setting at the recall asked for. */
    private record Best(double qps, int ef) {
    }

    /** "QPS (ef E) = R x" hnswlib's, or that the recall was never reached. */
    private static String best(Optional<Best> best, Optional<HnswlibBaseline.Search> hnswlib) {
        return best.map(b -> String.format("%.0f (ef %d)%s", b.qps(), b.ef(),
                hnswlib.map(h -> String.format(" = %.2fx", b.qps() / h.qps())).orElse(""))).orElse("never reached it");
    }
}
