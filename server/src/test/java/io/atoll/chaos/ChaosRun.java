package io.atoll.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.check.ClusterProbe;
import io.atoll.chaos.check.Findings;
import io.atoll.chaos.workload.RegisterWorkload;
import io.atoll.chaos.workload.SetWorkload;
import io.atoll.chaos.workload.Workload;
import io.atoll.testing.AtollProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One seeded run of a scenario: start the cluster, set up the workloads, then warm-up (clients, no faults), chaos
 * (the nemesis), heal (every fault undone, every node up again, clients still running), settle (clients stopped,
 * replicas catch up), and the final reads and checks. A failed run keeps its directory (history, node logs, data)
 * and says how to replay it; a clean one deletes it.
 */
public final class ChaosRun {
    private static final Duration AFTER_HEAL = Duration.ofSeconds(3);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private ChaosRun() {
    }

    public static RunResult run(Scenario scenario, long seed, Duration chaos, Path out) throws IOException {
        Path dir = out.resolve(scenario.name() + "-seed-" + seed);
        String replay = "./atoll chaos --scenario " + scenario.name() + " --seed " + seed + " --minutes "
                + chaos.toMillis() / 60_000.0;
        StringBuilder phases = new StringBuilder();
        long[] mark = {System.nanoTime()};
        Consumer<String> phase = name -> {
            long now = System.nanoTime();
            phases.append(phases.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(String.format("%.1fs", (now - mark[0]) / 1e9));
            mark[0] = now;
        };
        ChaosWorld world;
        if (Files.exists(dir)) {
            // A failure kept by an earlier invocation: its nodes' data would make this run's nodes recover an
            // old cluster instead of forming a new one.
            deleteTree(dir);
        }
        try {
            world = ChaosWorld.open(scenario, seed, dir);
            phase.accept("start");
        } catch (IOException | RuntimeException | AssertionError e) {
            Findings f = new Findings();
            f.add(Findings.HARNESS, "the cluster did not start: " + e.getMessage().lines().findFirst().orElse(""));
            Files.writeString(dir.resolve("replay.txt"), replay + "\n");
            return new RunResult(scenario.name(), seed, 0, 0, f.counts(), f.examples(), dir, replay, "");
        }
        List<Workload> workloads = scenario.workloads().get();
        int faults = 0;
        boolean passed;
        try {
            workloads.forEach(w -> w.setUp(world));
            try (ClusterProbe probe = new ClusterProbe(world, List.of(SetWorkload.COLLECTION,
                    RegisterWorkload.COLLECTION))) {
                workloads.forEach(w -> w.start(world));
                Thread.sleep(scenario.warmUp().toMillis());
                phase.accept("warm-up");
                Nemesis nemesis = new Nemesis(world);
                nemesis.run(chaos);
                faults = nemesis.injected();
                phase.accept("chaos");
                healEverything(world);
                Thread.sleep(AFTER_HEAL.toMillis());
                workloads.forEach(Workload::stop);
                phase.accept("heal");
                world.cluster().awaitPeers(world.members().size(), CONVERGE);
                quiesce(world);
                workloads.forEach(w -> w.settle(world));
                probe.finish(CONVERGE);
                phase.accept("settle");
            }
            workloads.forEach(w -> w.check(world, world.findings()));
            phase.accept("check");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            world.findings().add(Findings.HARNESS, "interrupted");
        } catch (RuntimeException | AssertionError e) {
            world.findings().add(Findings.HARNESS, e.toString().lines().limit(3).reduce("", (a, b) -> a + " " + b));
        } finally {
            workloads.forEach(Workload::stop);
            passed = world.findings().clean();
            if (!passed) {
                world.dumpThreads();
                world.keepTmpfsData();
                Files.writeString(dir.resolve("replay.txt"), replay + "\n");
            }
            world.close();
        }
        long operations = world.history().invocations();
        RunResult result = RunResult.of(world, faults, operations, world.findings(), passed ? null : dir, replay,
                phases.toString());
        if (passed && !Boolean.getBoolean("chaos.keep")) {
            deleteTree(dir); // -Dchaos.keep=true keeps clean runs too, to read what they did
        }
        return result;
    }

    /**
     * Stops the cluster from moving replicas on its own before the checks: the rebalancer is switched off, and the
     * operations the cluster started (or a drain left) and the removal of retired replicas are waited for, so that
     * the replicas compared are not being moved or dropped while they are read (a retired replica read as it was
     * removed was reported divergent: partitions, seed 16003). What they did during the chaos is what is checked.
     */
    private static void quiesce(ChaosWorld world) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        boolean off = false;
        while (System.nanoTime() < deadline) {
            for (int node : world.upMembers()) {
                try {
                    if (!off) {
                        off = world.patientClient(node).put("/cluster/rebalance", Map.of("enabled", false))
                                .status() == 200;
                    }
                    JsonNode image = world.patientClient(node).get("/cluster/metadata").result().get("image");
                    boolean running = false;
                    for (JsonNode op : image.get("operations")) {
                        String state = op.get("status").get("state").asText();
                        running |= !state.equals("READY") && !state.equals("CANCELLED");
                    }
                    // A replica retired above the factor is removed a moment later: not while it is read.
                    for (JsonNode c : image.get("collections")) {
                        for (JsonNode shard : c.get("shards")) {
                            for (JsonNode replica : shard.get("replicas")) {
                                running |= replica.path("leaving").asBoolean();
                            }
                        }
                    }
                    if (off && !running) {
                        world.history().nemesis("quiesce", null, "rebalancer off, no operation running, none retired");
                        return;
                    }
                    break;
                } catch (RuntimeException e) {
                    // the next node
                }
            }
            Thread.sleep(500);
        }
        world.findings().add(Findings.TRANSFER, "replication operations still running " + CONVERGE + " after healing");
    }

    /** Undoes whatever is left: cuts removed, paused nodes resumed, dead members started again. */
    private static void healEverything(ChaosWorld world) {
        world.lab().healAll();
        for (int node : world.members()) {
            AtollProcess p = world.cluster().node(node);
            if (p.isPaused()) {
                world.cluster().resume(node);
            } else if (!p.isAlive()) {
                world.restart(node);
            }
        }
        world.history().nemesis("heal-all", null, null);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
