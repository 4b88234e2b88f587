package io.atoll.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run measured, as written to JSON. Ratios are REST / in-process: absolute figures move with the
 * machine and its load, the cost of the REST layer relative to the engine much less.
 */
record Report(String date, String command, Environment environment, DatasetInfo dataset, Scenario.Settings settings,
              Scenario.TargetResult rest, Scenario.TargetResult inProcess, Ratios ratios, double totalSeconds) {

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

    /** REST figure / in-process figure; below 1 for throughput and above 1 for latency means REST costs. */
    record Ratios(double ingestPointsPerSec, List<SearchRatio> searches, ChurnRatio churn) {
    }

    record SearchRatio(int ef, int clients, double qps, double p50, double p99) {
    }

    /**
     * @param restLoadingOverSettled      REST QPS while the other collection loads / REST QPS settled
     * @param inProcessLoadingOverSettled the same in-process
     * @param loadingQps                  REST / in-process QPS while loading
     * @param settledQps                  REST / in-process QPS settled
     */
    record ChurnRatio(double restLoadingOverSettled, double inProcessLoadingOverSettled, double loadingQps,
                      double settledQps) {
    }

    static Ratios ratios(Scenario.TargetResult rest, Scenario.TargetResult local) {
        List<SearchRatio> searches = new ArrayList<>();
        for (int i = 0; i < rest.searches().size(); i++) {
            SearchLoad.Result r = rest.searches().get(i);
            SearchLoad.Result l = local.searches().get(i);
            searches.add(new SearchRatio(r.ef(), r.clients(), r.qps() / l.qps(),
                    r.latency().p50Ms() / l.latency().p50Ms(), r.latency().p99Ms() / l.latency().p99Ms()));
        }
        Scenario.Churn rc = rest.churn();
        Scenario.Churn lc = local.churn();
        ChurnRatio churn = new ChurnRatio(rc.during().qps() / rc.settled().qps(), lc.during().qps() / lc.settled().qps(),
                rc.during().qps() / lc.during().qps(), rc.settled().qps() / lc.settled().qps());
        return new Ratios(rest.load().ingest().pointsPerSec() / local.load().ingest().pointsPerSec(), searches, churn);
    }
}
