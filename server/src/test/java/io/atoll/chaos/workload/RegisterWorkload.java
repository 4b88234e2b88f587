package io.atoll.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.Outcome;
import io.atoll.chaos.check.Findings;
import io.atoll.chaos.check.Linearizability;
import io.atoll.chaos.check.RegisterOp;
import io.atoll.chaos.history.Op;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-point registers read and written at the strongest settings Atoll offers: one shard replicated to every
 * initial node, writes with wait=true and ordering=strong, reads with consistency=majority (the strongest level that
 * stays answerable while a replica is Dead). Each key's history must be linearizable (checked with the project's
 * Wing–Gong–Lowe search). A write that ended unknown may take effect at any later point or never.
 */
public final class RegisterWorkload implements Workload {
    public static final String COLLECTION = "chaos-registers";
    private static final long SEARCH_BUDGET = 20_000_000;

    private final int keys;
    private final int processes;
    private final int replicationFactor;
    private final Clients clients = new Clients();
    private final AtomicLong nextValue = new AtomicLong(1);
    private final Map<Integer, List<RegisterOp>> byKey = new ConcurrentHashMap<>();

    public RegisterWorkload(int keys, int processes, int replicationFactor) {
        this.keys = keys;
        this.processes = processes;
        this.replicationFactor = replicationFactor;
    }

    public String name() {
        return "register";
    }

    public void setUp(ChaosWorld world) {
        world.createCollection(COLLECTION, Map.of(
                "vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1, "replication_factor", replicationFactor));
    }

    public void start(ChaosWorld world) {
        clients.start("register", processes, process -> {
            Random random = new Random(world.seed() * 17 + process * 1_000_003L + nextValue.get());
            int key = random.nextInt(keys);
            int node = world.randomMember(random);
            if (random.nextBoolean()) {
                write(world, process, key, node);
            } else {
                read(world, process, key, node);
            }
            Clients.pause(random.nextInt(30));
        });
    }

    private void write(ChaosWorld world, int process, int key, int node) {
        long value = nextValue.getAndIncrement();
        long invoked = System.nanoTime();
        Outcome o = Outcome.record(world.history(), process, "write", Integer.toString(key), value,
                () -> world.client(node).put("/collections/" + COLLECTION + "/points?wait=true&ordering=strong",
                        Map.of("points", List.of(Map.of("id", key, "vector", List.of(1, 1),
                                "payload", Map.of("v", value))))), r -> null);
        long returned = System.nanoTime();
        if (o.type() != Op.Type.FAIL) {
            add(key, RegisterOp.write(process, value, invoked, o.ok() ? returned : RegisterOp.PENDING));
        }
    }

    private void read(ChaosWorld world, int process, int key, int node) {
        long invoked = System.nanoTime();
        Outcome o = Outcome.record(world.history(), process, "read", Integer.toString(key), null,
                () -> world.client(node).post("/collections/" + COLLECTION + "/points?consistency=majority",
                        Map.of("ids", List.of(key), "with_payload", true)), RegisterWorkload::valueOf);
        long returned = System.nanoTime();
        if (o.ok()) {
            add(key, RegisterOp.read(process, valueOf(o.response()), invoked, returned));
        }
    }

    private static Long valueOf(RestClient.Response r) {
        JsonNode points = r.result();
        return points.isEmpty() ? null : points.get(0).path("payload").get("v").asLong();
    }

    private void add(int key, RegisterOp op) {
        byKey.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(op);
    }

    public void stop() {
        clients.stop();
    }

    public void check(ChaosWorld world, Findings findings) {
        new TreeMap<>(byKey).forEach((key, ops) -> {
            Linearizability.Result r = Linearizability.check(List.copyOf(ops), SEARCH_BUDGET);
            if (r.verdict() != Linearizability.Verdict.LINEARIZABLE) {
                findings.add(Findings.NONLINEARIZABLE, "key " + key + " (" + ops.size() + " operations): "
                        + r.verdict() + " " + r.explanation());
            }
        });
    }
}
