package io.atoll.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run measured, as written to JSON. Ratios are each API's figure over in-process: absolute figures
 * move with the machine and its load, the cost of an API layer relative to the engine much less.
 *
 * @param targets every target's results, in-process last
 * @param ratios  each API target's figures over in-process, in the order of {@code targets}
 * @param memory  the server's memory before and after the load
 * @param wrk     REST searches sent by wrk, one per search setting (empty without wrk; see {@link WrkLoad})
 * @param hnswlib the same points and queries in hnswlib, or null when it was not run (see {@link HnswlibBaseline})
 */
record Report(String date, String command, Environment environment, DatasetInfo dataset, Scenario.Settings settings,
              List<Scenario.TargetResult> targets, List<Ratios> ratios, Memory memory, List<WrkLoad.Result> wrk,
              HnswlibBaseline hnswlib, double totalSeconds) {

    /**
     * @param loadBefore the machine's 1, 5 and 15 minute load averages when the run started (other work on the
     *                   machine makes every absolute figure slower)
     * @param loadAfter  the same when it ended
     */
    record Environment(int cores, String java, String os, String commit, String loadBefore, String loadAfter) {
    }

    /**
     * @param groundTruthSpotCheck recall of the ground truth file against brute force on a few queries, when a
     *                             file was used
     */
    record DatasetInfo(String path, int points, int dimension, int queries, String groundTruth,
                       Double groundTruthSpotCheck) {
    }

    /** @param rawVectorBytes the loaded vectors as float32, the figure issue 15 measures resident memory against */
    record Memory(ServerMemory empty, ServerMemory loaded, long rawVectorBytes) {
    }

    Scenario.TargetResult inProcess() {
        return targets.getLast();
    }

    /** One API's figure / in-process figure; below 1 for throughput and above 1 for latency means the API costs. */
    record Ratios(String target, double ingestPointsPerSec, List<SearchRatio> searches, ChurnRatio churn) {
    }

    record SearchRatio(int ef, int clients, double qps, double p50, double p99) {
    }

    /**
     * @param loadingOverSettled the API's QPS while the other collection loads / its QPS settled
     * @param loadingQps         API / in-process QPS while loading
     * @param settledQps         API / in-process QPS settled
     */
    record ChurnRatio(double loadingOverSettled, double loadingQps, double settledQps) {
    }

    static List<Ratios> ratios(List<Scenario.TargetResult> targets) {
        Scenario.TargetResult local = targets.getLast();
        List<Ratios> out = new ArrayList<>();
        for (Scenario.TargetResult api : targets.subList(0, targets.size() - 1)) {
            out.add(ratios(api, local));
        }
        return out;
    }

    private static Ratios ratios(Scenario.TargetResult api, Scenario.TargetResult local) {
        List<SearchRatio> searches = new ArrayList<>();
        for (int i = 0; i < api.searches().size(); i++) {
            SearchLoad.Result r = api.searches().get(i);
            SearchLoad.Result l = local.searches().get(i);
            searches.add(new SearchRatio(r.ef(), r.clients(), r.qps() / l.qps(),
                    r.latency().p50Ms() / l.latency().p50Ms(), r.latency().p99Ms() / l.latency().p99Ms()));
        }
        Scenario.Churn rc = api.churn();
        Scenario.Churn lc = local.churn();
        ChurnRatio churn = new ChurnRatio(rc.during().qps() / rc.settled().qps(), rc.during().qps() / lc.during().qps(),
                rc.settled().qps() / lc.settled().qps());
        return new Ratios(api.target(), api.load().ingest().pointsPerSec() / local.load().ingest().pointsPerSec(),
                searches, churn);
    }
}
