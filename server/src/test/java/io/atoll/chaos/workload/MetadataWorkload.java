package io.atoll.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.Outcome;
import io.atoll.chaos.check.Findings;
import io.atoll.chaos.history.Op;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Metadata changes in the middle of faults: one client creates collections (each name once), creates payload
 * indexes on them and drops them, through random nodes. Afterwards every node is asked for the collections:
 * an acknowledged create (not dropped since) must be there with its acknowledged indexes, an acknowledged drop
 * must not, and a create that was refused must not either. Unknown outcomes allow both.
 */
public final class MetadataWorkload implements Workload {
    private static final String PREFIX = "chaos-meta-";

    private final Clients clients = new Clients();
    /** Per collection name, what was done to it and how it ended, in order. */
    private final Map<String, List<Step>> steps = new LinkedHashMap<>();

    private record Step(String f, String field, Op.Type outcome) {
    }

    public String name() {
        return "metadata";
    }

    public void setUp(ChaosWorld world) {
    }

    public void start(ChaosWorld world) {
        Random random = new Random(world.seed() * 7 + 3);
        clients.start("metadata", 1, process -> {
            int node = world.randomMember(random);
            List<String> live = liveNames();
            int choice = random.nextInt(10);
            if (live.isEmpty() || choice < 4) {
                create(world, process, node, PREFIX + steps.size());
            } else if (choice < 8) {
                index(world, process, node, live.get(random.nextInt(live.size())), "f" + random.nextInt(4));
            } else {
                drop(world, process, node, live.get(random.nextInt(live.size())));
            }
            Clients.pause(200 + random.nextInt(600));
        });
    }

    /** Names whose create was not refused and that no drop was tried on. */
    private synchronized List<String> liveNames() {
        List<String> out = new ArrayList<>();
        steps.forEach((name, s) -> {
            if (s.getFirst().outcome() != Op.Type.FAIL && s.stream().noneMatch(x -> x.f().equals("drop"))) {
                out.add(name);
            }
        });
        return out;
    }

    private synchronized void note(String name, Step step) {
        steps.computeIfAbsent(name, n -> new ArrayList<>()).add(step);
    }

    private void create(ChaosWorld world, int process, int node, String name) {
        Outcome o = Outcome.record(world.history(), process, "create", name, null,
                () -> world.client(node).put("/collections/" + name, Map.of(
                        "vectors", Map.of("size", 2, "distance", "Dot"), "shard_number", 1,
                        "replication_factor", 2)), r -> null);
        note(name, new Step("create", null, o.type()));
    }

    private void index(ChaosWorld world, int process, int node, String name, String field) {
        Outcome o = Outcome.record(world.history(), process, "index", name, field,
                () -> world.client(node).put("/collections/" + name + "/index?wait=true",
                        Map.of("field_name", field, "field_schema", "keyword")), r -> null);
        note(name, new Step("index", field, o.type()));
    }

    /**
     * A drop answered {@code false} found no collection to drop (Qdrant answers so, and a create whose outcome was
     * unknown may be applied after it): it counts as a drop that did nothing, like a refused one.
     */
    private void drop(ChaosWorld world, int process, int node, String name) {
        Outcome o = Outcome.record(world.history(), process, "drop", name, null,
                () -> world.client(node).delete("/collections/" + name), r -> r.result());
        boolean foundNothing = o.ok() && !o.response().result().asBoolean(true);
        note(name, new Step("drop", foundNothing ? "found nothing" : null, foundNothing ? Op.Type.FAIL : o.type()));
    }

    public void stop() {
        clients.stop();
    }

    public void check(ChaosWorld world, Findings findings) {
        for (int node : world.upMembers()) {
            checkNode(world, node, findings);
        }
    }

    private synchronized void checkNode(ChaosWorld world, int node, Findings findings) {
        RestClient client = world.patientClient(node);
        RestClient.Response list = client.get("/collections");
        if (list.status() != 200) {
            findings.add(Findings.METADATA, "node " + node + " cannot list collections: " + list);
            return;
        }
        Set<String> present = new HashSet<>();
        list.result().get("collections").forEach(c -> present.add(c.get("name").asText()));
        for (String name : present) {
            if (name.startsWith(PREFIX) && !steps.containsKey(name)) {
                findings.add(Findings.METADATA, "node " + node + " has " + name + ", never created");
            }
        }
        steps.forEach((name, s) -> {
            Op.Type create = s.getFirst().outcome();
            Op.Type drop = s.stream().filter(x -> x.f().equals("drop")).map(Step::outcome).findFirst().orElse(null);
            boolean there = present.contains(name);
            if (drop == Op.Type.OK && there) {
                findings.add(Findings.METADATA, "node " + node + " still has " + name + " after its drop was acknowledged");
            } else if (create == Op.Type.FAIL && there) {
                findings.add(Findings.METADATA, "node " + node + " has " + name + " although its create was refused");
            } else if (create == Op.Type.OK && (drop == null || drop == Op.Type.FAIL)) {
                if (!there) {
                    findings.add(Findings.METADATA, "node " + node + " lost " + name + " (create acknowledged)");
                } else {
                    checkIndexes(client, node, name, s, findings);
                }
            }
        });
    }

    private static void checkIndexes(RestClient client, int node, String name, List<Step> s, Findings findings) {
        RestClient.Response info = client.get("/collections/" + name);
        if (info.status() != 200) {
            findings.add(Findings.METADATA, "node " + node + " lists " + name + " but cannot describe it: " + info);
            return;
        }
        JsonNode schema = info.result().path("payload_schema");
        for (Step x : s) {
            if (x.f().equals("index") && x.outcome() == Op.Type.OK && !schema.has(x.field())) {
                findings.add(Findings.METADATA, "node " + node + ": " + name + " lost its acknowledged index on "
                        + x.field());
            }
        }
    }
}
