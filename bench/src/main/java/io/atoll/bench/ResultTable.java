package io.atoll.bench;

import java.io.PrintStream;

/**
 * Prints a report as plain-text tables: absolute figures for every target, and each API's figures over the same
 * engine in-process.
 */
final class ResultTable {
    private final PrintStream out;

    ResultTable(PrintStream out) {
        this.out = out;
    }

    void print(Report r) {
        Report.DatasetInfo d = r.dataset();
        Report.Environment e = r.environment();
        out.printf("Atoll benchmark, %s: %s%n", r.date(), r.command());
        out.printf("dataset %s: %d points x %d, %d queries, ground truth %s%s%n", d.path(), d.points(),
                d.dimension(), d.queries(), d.groundTruth(), d.groundTruthSpotCheck() == null ? ""
                        : String.format(" (agrees with brute force on sampled queries: %.3f)", d.groundTruthSpotCheck()));
        out.printf("machine: %d cores, Java %s, %s, load average %s before and %s after; commit %s; run took %.0f s%n%n",
                e.cores(), e.java(), e.os(), e.loadBefore(), e.loadAfter(), e.commit(), r.totalSeconds());
        ingest(r);
        memory(r.memory(), r.dataset().points());
        search(r);
        churn(r);
    }

    private void ingest(Report r) {
        Ingest.Result first = r.inProcess().load().ingest();
        out.printf("Ingest: %d points, batches of %d, one client, wait=true (points/s over the time inside the calls)%n",
                first.points(), first.batchSize());
        out.printf("%-12s %10s %10s %10s %10s %10s %10s %12s%n", "target", "points/s", "calls s", "wall s",
                "segments", "merging s", "segments", "÷ in-proc");
        out.printf("%-12s %10s %10s %10s %10s %10s %10s %12s%n", "", "", "", "", "loaded", "after", "settled", "");
        for (int t = 0; t < r.targets().size(); t++) {
            Scenario.TargetResult target = r.targets().get(t);
            Scenario.Load l = target.load();
            Ingest.Result i = l.ingest();
            boolean settled = l.segmentsSettled() >= 0; // a collection loaded for its ingest rate only
            out.printf("%-12s %10.0f %10.1f %10.1f %10d %10s %10s %12s%n", target.target(), i.pointsPerSec(),
                    i.callSeconds(), i.wallSeconds(), l.segmentsLoaded(),
                    settled ? String.format("%.1f", l.settleSeconds()) : "-",
                    settled ? Integer.toString(l.segmentsSettled()) : "-",
                    t < r.ratios().size() ? String.format("%.2f", r.ratios().get(t).ingestPointsPerSec()) : "");
        }
        out.println();
    }

    private void memory(Report.Memory m, int points) {
        ServerMemory e = m.empty();
        ServerMemory l = m.loaded();
        out.printf("Server memory (heap in use right after a full GC, heap committed, resident): empty %s, with %d points"
                + " %s%n", mib(e), points, mib(l));
        double raw = m.rawVectorBytes();
        ServerMemory grown = l.minus(e);
        out.printf("raw vectors %.0f MiB; resident growth / raw vectors %.2f (anonymous %.2f, file-backed %.2f, of "
                + "which .vec pages %.2f; issue 15 aims, at 1M points: heap <= 1 GiB, resident <= 1.3x raw vectors plus a"
                + " constant)%n%n", raw / 1048576.0, grown.residentBytes() / raw, grown.anonBytes() / raw,
                grown.fileBytes() / raw, grown.floatVectorBytes() / raw);
    }

    private static String mib(ServerMemory m) {
        return String.format("%.0f / %.0f / %.0f MiB", m.heapUsedBytes() / 1048576.0,
                m.heapCommittedBytes() / 1048576.0, m.residentBytes() / 1048576.0);
    }

    private void search(Report r) {
        int segments = r.inProcess().searchedSegments();
        boolean same = r.targets().stream().allMatch(t -> t.searchedSegments() == segments);
        out.printf("Search: limit 10, recall@10, closed-loop clients, latency in ms; %s%n", same
                ? "every target searches the same index (" + segments + " segments)"
                : "DIFFERENT indexes: " + r.targets().stream().map(t -> t.target() + " " + t.searchedSegments())
                        .toList() + " segments");
        out.printf("%5s %7s %-10s | %7s | %8s %8s | %7s %7s | %7s %7s%n", "ef", "clients", "target", "recall", "QPS",
                "÷ in-pr", "p50", "÷ in-pr", "p99", "÷ in-pr");
        for (int i = 0; i < r.inProcess().searches().size(); i++) {
            for (int t = 0; t < r.targets().size(); t++) {
                SearchLoad.Result a = r.targets().get(t).searches().get(i);
                Report.SearchRatio q = t < r.ratios().size() ? r.ratios().get(t).searches().get(i) : null;
                out.printf("%5d %7d %-10s | %7.3f | %8.0f %8s | %7.2f %7s | %7.2f %7s%n", a.ef(), a.clients(),
                        r.targets().get(t).target(), a.recall(), a.qps(), ratio(q == null ? null : q.qps()),
                        a.latency().p50Ms(), ratio(q == null ? null : q.p50()), a.latency().p99Ms(),
                        ratio(q == null ? null : q.p99()));
            }
            if (!r.wrk().isEmpty()) {
                WrkLoad.Result w = r.wrk().get(i);
                SearchLoad.Result rest = r.targets().getFirst().searches().get(i);
                SearchLoad.Result local = r.inProcess().searches().get(i);
                out.printf("%5d %7d %-10s | %7.3f | %8.0f %8s | %7.2f %7s | %7.2f %7s%s%n", w.ef(), w.clients(),
                        "REST wrk", rest.recall(), w.qps(), ratio(w.qps() / local.qps()), w.p50Ms(),
                        ratio(w.p50Ms() / local.latency().p50Ms()), w.p99Ms(),
                        ratio(w.p99Ms() / local.latency().p99Ms()),
                        w.errors() == 0 ? "" : "  " + w.errors() + " ERRORS: figure worthless");
            }
        }
        if (!r.wrk().isEmpty()) {
            out.printf("REST wrk: the REST target's searches sent by wrk for %.0f s each (recall is REST's: same "
                    + "server, same queries)%n", Math.max(1, Math.ceil(r.settings().timedSeconds())));
        }
        out.println();
    }

    private static String ratio(Double v) {
        return v == null ? "" : String.format("%.2f", v);
    }

    private void churn(Report r) {
        Scenario.Churn lc = r.inProcess().churn();
        out.printf("Search while %d points load into a second collection vs settled (hnsw_ef %d, 1 client)%n",
                lc.ingest().points(), lc.ef());
        out.printf("%-12s %9s | %8s %8s %6s | %8s %8s | %8s %8s | %7s | %9s %9s%n", "target", "load p/s",
                "QPS load", "settled", "ratio", "p50 load", "settled", "p99 load", "settled", "recall",
                "load÷inpr", "setl÷inpr");
        for (int t = 0; t < r.targets().size(); t++) {
            Scenario.TargetResult target = r.targets().get(t);
            Scenario.Churn c = target.churn();
            Report.ChurnRatio q = t < r.ratios().size() ? r.ratios().get(t).churn() : null;
            out.printf("%-12s %9.0f | %8.0f %8.0f %6.2f | %8.2f %8.2f | %8.2f %8.2f | %7.3f | %9s %9s%n",
                    target.target(), c.ingest().pointsPerSec(), c.during().qps(), c.settled().qps(),
                    c.during().qps() / c.settled().qps(), c.during().latency().p50Ms(), c.settled().latency().p50Ms(),
                    c.during().latency().p99Ms(), c.settled().latency().p99Ms(), c.during().recall(),
                    ratio(q == null ? null : q.loadingQps()), ratio(q == null ? null : q.settledQps()));
        }
    }
}
