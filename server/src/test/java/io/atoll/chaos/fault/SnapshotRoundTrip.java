package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.check.Findings;
import io.atoll.chaos.history.Op;
import io.atoll.testing.RestClient;
import io.atoll.testing.SnapshotFiles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Snapshots as an operation of the nemesis's schedule, while the set workload writes and faults strike: a
 * collection snapshot of its collection through a random up node (the other nodes' shards streamed to it over the
 * peer port), downloaded, and recovered through another up node into a collection of its own (written through the
 * replicated path). A creation or recovery that fails under a fault is part of the schedule; one that succeeds is
 * checked against the history: every point acknowledged before the snapshot was asked for, and not deleted by the
 * time it answered, is in it (else "lost"), and nothing is that was never written or whose delete was acknowledged
 * before it began (else "unexpected"). The copy is dropped afterwards.
 */
public final class SnapshotRoundTrip implements Fault {
    private final String collection;
    private int rounds;

    public SnapshotRoundTrip(String collection) {
        this.collection = collection;
    }

    public String name() {
        return "snapshot";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        List<Integer> up = world.upMembers();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        int via = up.get(random.nextInt(up.size()));
        int into = up.get(random.nextInt(up.size()));
        String copy = collection + "-snapshot-" + (++rounds);
        int before = world.history().ops().size();
        RestClient c = world.patientClient(via);
        String what = "snapshot of " + collection + " through node " + via;
        try {
            RestClient.Response created = c.post("/collections/" + collection + "/snapshots", null);
            int after = world.history().ops().size();
            if (created.status() != 200) {
                return Optional.of(Completed.of(what + " -> " + created.status() + " " + created.error()));
            }
            String name = created.result().get("name").asText();
            byte[] archive = SnapshotFiles.download(c.base() + "/collections/" + collection + "/snapshots/" + name);
            c.delete("/collections/" + collection + "/snapshots/" + name);
            RestClient target = world.patientClient(into);
            RestClient.Response recovered = SnapshotFiles.upload(target.base() + "/collections/" + copy
                    + "/snapshots/upload", archive);
            if (recovered.status() != 200) {
                target.delete("/collections/" + copy);
                return Optional.of(Completed.of(what + ", recovered through node " + into + " -> "
                        + recovered.status() + " " + recovered.error()));
            }
            Set<Long> held = ids(target, copy);
            target.delete("/collections/" + copy);
            if (held == null) {
                return Optional.of(Completed.of(what + ", recovered through node " + into + ", not read back"));
            }
            int problems = check(collection, world.history().ops(), before, after, held, world.findings());
            return Optional.of(Completed.of(what + ", recovered through node " + into + ": " + held.size()
                    + " points, " + (problems == 0 ? "as the history says" : problems + " not as the history says")));
        } catch (RuntimeException | AssertionError e) {
            world.patientClient(into).delete("/collections/" + copy);
            return Optional.of(Completed.of(what + ": " + e.getMessage()));
        }
    }

    /** The copy's ids; null when a page could not be read (a fault). */
    private static Set<Long> ids(RestClient c, String copy) {
        Set<Long> out = new HashSet<>();
        JsonNode offset = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("limit", 1000, "with_payload", false));
            if (offset != null) {
                body.put("offset", offset);
            }
            RestClient.Response r = c.post("/collections/" + copy + "/points/scroll?consistency=all", body);
            if (r.status() != 200) {
                return null;
            }
            r.result().get("points").forEach(p -> out.add(p.get("id").asLong()));
            offset = r.result().get("next_page_offset").isNull() ? null : r.result().get("next_page_offset");
        } while (offset != null);
        return out;
    }

    /**
     * Compares the snapshot's points with the history: {@code before} is the history's length when the snapshot
     * was asked for, {@code after} when it answered. Returns how many findings it added.
     */
    static int check(String collection, List<Op> ops, int before, int after, Set<Long> held, Findings findings) {
        Set<Long> ackedBefore = new HashSet<>();
        Set<Long> deleteAckedBefore = new HashSet<>();
        Set<Long> writtenBy = new HashSet<>();
        Set<Long> deleteInvokedBy = new HashSet<>();
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : ops) {
            if (op.process() < 0 || !collection.equals(op.key())) {
                continue;
            }
            if (op.type() == Op.Type.INVOKE) {
                open.put(op.process(), op);
                if (op.index() < after) {
                    (op.f().equals("upsert") ? writtenBy : deleteInvokedBy).addAll(ids(op));
                }
                continue;
            }
            Op invoked = open.remove(op.process());
            if (invoked != null && op.type() == Op.Type.OK && op.index() < before) {
                (invoked.f().equals("upsert") ? ackedBefore : deleteAckedBefore).addAll(ids(invoked));
            }
        }
        int problems = 0;
        for (long id : ackedBefore) {
            if (!held.contains(id) && !deleteInvokedBy.contains(id)) {
                findings.add(Findings.LOST, "snapshot of " + collection + " lacks point " + id
                        + ", acknowledged before it was taken and never deleted");
                problems++;
            }
        }
        for (long id : held) {
            if (!writtenBy.contains(id) || deleteAckedBefore.contains(id)) {
                findings.add(Findings.UNEXPECTED, "snapshot of " + collection + " holds point " + id + ", "
                        + (writtenBy.contains(id) ? "deleted before it was taken" : "never written"));
                problems++;
            }
        }
        return problems;
    }

    private static List<Long> ids(Op invoked) {
        return ((List<?>) invoked.value()).stream().map(v -> ((Number) v).longValue()).toList();
    }
}
