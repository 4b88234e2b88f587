package io.atoll.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The measurements, made the same way on every target: load points and let the engine settle; search at each
 * hnsw_ef with each number of clients; search while a second collection loads.
 *
 * <p>The searches of one setting run on the targets back to back, in alternating order, rather than one target's
 * whole series after the other's: on a shared, noisy machine a slow minute then hurts both sides of a ratio
 * instead of one.
 */
final class Scenario {
    /** The collection searched. */
    static final String COLLECTION = "bench";
    static final String CHURN_COLLECTION = "bench_churn";

    private final Settings settings;

    /**
     * What the command line chose.
     *
     * @param timedSeconds   how long wrk and hnswlib measure each setting (they run the queries round and round for
     *                       a time, where the closed-loop clients run each query once)
     * @param warmupSearches searches before measuring, so that the JIT has compiled the search path of every target
     */
    record Settings(int points, int batchSize, List<Integer> efs, List<Integer> clients, int churnPoints, int churnEf,
                    int settleTimeoutSec, double timedSeconds, int warmupSearches) {
    }

    Scenario(Settings settings) {
        this.settings = settings;
    }

    /**
     * A load of all points into an empty collection.
     *
     * @param segmentsLoaded  index segments right after the last upsert returned
     * @param settleSeconds   time the background work (merges) went on after the last upsert; -1: not waited for
     * @param segmentsSettled index segments once it stopped; -1: not waited for
     */
    record Load(Ingest.Result ingest, int segmentsLoaded, double settleSeconds, int segmentsSettled) {
    }

    /** @param searchedSegments segments of the collection the searches ran on */
    record TargetResult(String target, Load load, int searchedSegments, List<SearchLoad.Result> searches,
                        Churn churn) {
    }

    /**
     * Searches on the loaded collection while another collection is being loaded, and the same searches with
     * nothing loading.
     *
     * @param ingest  the concurrent load of the other collection
     * @param settled the search row at the same hnsw_ef and one client, or, without one, the searches once the
     *                other collection settled
     */
    record Churn(int ef, Ingest.Result ingest, SearchLoad.Result during, SearchLoad.Result settled) {
    }

    /**
     * Loads every point into a new collection; {@code settle}: then waits for the background merges (a collection
     * loaded only for its ingest rate and dropped next is not waited for).
     */
    Load load(Target target, String collection, Dataset data, boolean settle) {
        say(target, "loading " + settings.points() + " points into " + collection + " in batches of "
                + settings.batchSize());
        target.createCollection(collection, data.dimension());
        Ingest.Result ingest = Ingest.run(target, collection, data, settings.points(), settings.batchSize());
        int segments = target.segments(collection);
        if (!settle) {
            say(target, String.format("%.0f points/s (%d segments)", ingest.pointsPerSec(), segments));
            return new Load(ingest, segments, -1, -1);
        }
        say(target, String.format("%.0f points/s; waiting for background merges (%d segments)", ingest.pointsPerSec(),
                segments));
        double waited = settle(target, collection);
        return new Load(ingest, segments, waited, target.segments(collection));
    }

    /**
     * What {@link #measure} found.
     *
     * @param targets in the order of the targets given
     * @param wrk     the REST searches sent by wrk, one per setting (empty without wrk)
     */
    record Measured(List<TargetResult> targets, List<WrkLoad.Result> wrk) {
    }

    /**
     * Searches {@link #COLLECTION}, already loaded on every target, and, when {@code wrk} is given, sends the same
     * searches with it to {@code rest}'s server after the targets at each setting.
     */
    Measured measure(List<Target> targets, Map<Target, Load> loads, Dataset data, Optional<WrkLoad> wrk,
                     RestTarget rest) throws Exception {
        List<WrkLoad.Result> wrkResults = new ArrayList<>();
        Map<Target, List<SearchLoad.Result>> searches = new LinkedHashMap<>();
        for (Target t : targets) {
            settle(t, COLLECTION); // a restarted server may still be merging
            searches.put(t, new ArrayList<>());
            say(t, "warming up (" + settings.warmupSearches() + " searches)");
            new SearchLoad(t, COLLECTION, data, settings.efs().getLast()).runCount(settings.warmupSearches(), 2);
        }
        int setting = 0;
        for (int ef : settings.efs()) {
            for (int clients : settings.clients()) {
                for (Target t : setting++ % 2 == 0 ? targets : targets.reversed()) {
                    SearchLoad.Result r = new SearchLoad(t, COLLECTION, data, ef).runAll(clients);
                    say(t, String.format("hnsw_ef %d, %d client(s): recall %.3f, %.0f QPS", ef, clients, r.recall(), r.qps()));
                    searches.get(t).add(r);
                }
                if (wrk.isPresent()) {
                    WrkLoad.Result w = wrk.get().run(rest.url(), COLLECTION, data, ef, clients,
                            Duration.ofMillis((long) (settings.timedSeconds() * 1000)));
                    say(rest, String.format("wrk, hnsw_ef %d, %d client(s): %.0f QPS", ef, clients, w.qps()));
                    wrkResults.add(w);
                }
            }
        }
        List<TargetResult> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(new TargetResult(t.name(), loads.get(t), t.segments(COLLECTION), searches.get(t),
                    churn(t, data, searches.get(t))));
        }
        return new Measured(out, List.copyOf(wrkResults));
    }

    /**
     * Searches while the second collection loads. The figure to compare with is the search row at the same
     * hnsw_ef with one client (the same searches of the same settled collection, nothing loading); measured after
     * the second collection settled only when no row has that setting (it took 10 s of {@code --quick}'s minute).
     */
    private Churn churn(Target target, Dataset data, List<SearchLoad.Result> rows) throws Exception {
        say(target, "searching while " + settings.churnPoints() + " points load into a second collection");
        target.createCollection(CHURN_COLLECTION, data.dimension());
        SearchLoad load = new SearchLoad(target, COLLECTION, data, settings.churnEf());
        try (ExecutorService loader = Executors.newSingleThreadExecutor()) {
            CompletableFuture<Ingest.Result> ingest = CompletableFuture.supplyAsync(
                    () -> Ingest.run(target, CHURN_COLLECTION, data, settings.churnPoints(), settings.batchSize()), loader);
            SearchLoad.Result during = load.runWhile(() -> !ingest.isDone(), 1);
            Ingest.Result loaded = ingest.join();
            SearchLoad.Result settled = rows.stream()
                    .filter(r -> r.ef() == settings.churnEf() && r.clients() == 1).findFirst().orElseGet(() -> {
                        settle(target, CHURN_COLLECTION);
                        return load.runAll(1);
                    });
            say(target, String.format("%.0f QPS while loading, %.0f QPS settled", during.qps(), settled.qps()));
            // the REST and gRPC targets share one server: the next one loads a churn collection of its own
            target.dropCollection(CHURN_COLLECTION);
            return new Churn(settings.churnEf(), loaded, during, settled);
        }
    }

    double settle(Target target, String collection) {
        return Settle.awaitSettled(target, collection, Duration.ofSeconds(settings.settleTimeoutSec())).toMillis()
                / 1000.0;
    }

    static void say(Target target, String what) {
        System.err.println(clock() + "bench [" + target.name() + "] " + what);
    }

    /** Seconds since the benchmark's JVM started, so that a run's log shows where its time goes. */
    static String clock() {
        return String.format("%6.1f s  ", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }
}
