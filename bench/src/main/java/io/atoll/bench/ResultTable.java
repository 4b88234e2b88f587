package io.atoll.bench;

import java.io.PrintStream;

/** Prints a report as plain-text tables: absolute figures for both targets and their REST / in-process ratio. */
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
        search(r);
        churn(r);
    }

    private void ingest(Report r) {
        out.printf("Ingest: %d points, batches of %d, one client, wait=true (points/s over the time inside the calls)%n",
                r.rest().load().ingest().points(), r.rest().load().ingest().batchSize());
        out.printf("%-18s %10s %10s %10s %10s %10s %10s%n", "target", "points/s", "calls s", "wall s",
                "segments", "merging s", "segments");
        out.printf("%-18s %10s %10s %10s %10s %10s %10s%n", "", "", "", "", "loaded", "after", "settled");
        for (Scenario.TargetResult t : new Scenario.TargetResult[] {r.rest(), r.inProcess()}) {
            Scenario.Load l = t.load();
            Ingest.Result i = l.ingest();
            out.printf("%-18s %10.0f %10.1f %10.1f %10d %10.1f %10d%n", t.target(), i.pointsPerSec(), i.callSeconds(),
                    i.wallSeconds(), l.segmentsLoaded(), l.settleSeconds(), l.segmentsSettled());
        }
        out.printf("%-18s %10.2f%n%n", "REST / in-process", r.ratios().ingestPointsPerSec());
    }

    private void search(Report r) {
        int segments = r.rest().searchedSegments();
        out.printf("Search: limit 10, recall@10, closed-loop clients, latency in ms; %s%n",
                segments == r.inProcess().searchedSegments()
                        ? "both targets search the same index (" + segments + " segments)"
                        : "DIFFERENT indexes: REST " + segments + " segments, in-process " + r.inProcess().searchedSegments());
        out.printf("%5s %7s | %7s %7s | %8s %8s %6s | %7s %7s %6s | %7s %7s %6s%n", "ef", "clients",
                "recall", "", "QPS", "", "", "p50", "", "", "p99", "", "");
        out.printf("%5s %7s | %7s %7s | %8s %8s %6s | %7s %7s %6s | %7s %7s %6s%n", "", "",
                "REST", "in-proc", "REST", "in-proc", "ratio", "REST", "in-proc", "ratio", "REST", "in-proc", "ratio");
        for (int i = 0; i < r.rest().searches().size(); i++) {
            SearchLoad.Result a = r.rest().searches().get(i);
            SearchLoad.Result b = r.inProcess().searches().get(i);
            Report.SearchRatio q = r.ratios().searches().get(i);
            out.printf("%5d %7d | %7.3f %7.3f | %8.0f %8.0f %6.2f | %7.2f %7.2f %6.2f | %7.2f %7.2f %6.2f%n",
                    a.ef(), a.clients(), a.recall(), b.recall(), a.qps(), b.qps(), q.qps(),
                    a.latency().p50Ms(), b.latency().p50Ms(), q.p50(), a.latency().p99Ms(), b.latency().p99Ms(), q.p99());
        }
        out.println();
    }

    private void churn(Report r) {
        Scenario.Churn rc = r.rest().churn();
        out.printf("Search while %d points load into a second collection vs after it settled (hnsw_ef %d, 1 client)%n",
                rc.ingest().points(), rc.ef());
        out.printf("%-18s %9s | %8s %8s %6s | %8s %8s | %8s %8s | %7s%n", "target", "load p/s",
                "QPS load", "settled", "ratio", "p50 load", "settled", "p99 load", "settled", "recall");
        for (Scenario.TargetResult t : new Scenario.TargetResult[] {r.rest(), r.inProcess()}) {
            Scenario.Churn c = t.churn();
            out.printf("%-18s %9.0f | %8.0f %8.0f %6.2f | %8.2f %8.2f | %8.2f %8.2f | %7.3f%n", t.target(),
                    c.ingest().pointsPerSec(), c.during().qps(), c.settled().qps(), c.during().qps() / c.settled().qps(),
                    c.during().latency().p50Ms(), c.settled().latency().p50Ms(),
                    c.during().latency().p99Ms(), c.settled().latency().p99Ms(), c.during().recall());
        }
        Report.ChurnRatio q = r.ratios().churn();
        Scenario.Churn lc = r.inProcess().churn();
        out.printf("%-18s %9.2f | %8.2f %8.2f %6s | %8.2f %8.2f | %8.2f %8.2f |%n", "REST / in-process",
                rc.ingest().pointsPerSec() / lc.ingest().pointsPerSec(), q.loadingQps(), q.settledQps(), "",
                rc.during().latency().p50Ms() / lc.during().latency().p50Ms(),
                rc.settled().latency().p50Ms() / lc.settled().latency().p50Ms(),
                rc.during().latency().p99Ms() / lc.during().latency().p99Ms(),
                rc.settled().latency().p99Ms() / lc.settled().latency().p99Ms());
    }
}
