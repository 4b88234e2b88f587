package io.atoll.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers that upsert and delete points of collection {@code c} through every live node in turn and remember what
 * was acknowledged: ids whose upsert was acknowledged and never deleted must be present afterwards, ids whose
 * delete was acknowledged must be absent. Every failed request is kept with its answer.
 */
final class Workload implements AutoCloseable {
    final Set<Long> present = ConcurrentHashMap.newKeySet();
    final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong next;
    /** The nodes written through (by default those started before the workload: a joining node is not ready at first). */
    private final List<Integer> nodes;

    Workload(TestCluster cluster, int writers, long firstId) {
        this(cluster, writers, firstId, java.util.stream.IntStream.range(0, cluster.size()).boxed().toList());
    }

    Workload(TestCluster cluster, int writers, long firstId, List<Integer> through) {
        next = new AtomicLong(firstId);
        nodes = List.copyOf(through);
        for (int w = 0; w < writers; w++) {
            int offset = w;
            threads.add(Thread.ofVirtual().start(() -> run(cluster, offset)));
        }
    }

    static Map<String, Object> point(long id) {
        return Map.of("id", id, "vector", List.of(id % 100, 1), "payload", Map.of("v", id));
    }

    private void run(TestCluster cluster, int offset) {
        int turn = offset;
        List<Long> mine = new ArrayList<>();
        while (!stop.get()) {
            int node = nodes.get(turn++ % nodes.size());
            if (!cluster.node(node).isAlive()) {
                continue;
            }
            RestClient client = cluster.node(node).client();
            if (turn % 4 == 0 && !mine.isEmpty()) {
                long victim = mine.remove(0);
                present.remove(victim);
                RestClient.Response r = send(client, "POST", "/collections/c/points/delete?wait=true",
                        Map.of("points", List.of(victim)));
                if (r != null && r.status() == 200) {
                    deleted.add(victim);
                }
                continue;
            }
            List<Map<String, Object>> batch = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                long id = next.getAndIncrement();
                ids.add(id);
                batch.add(point(id));
            }
            RestClient.Response r = send(client, "PUT", "/collections/c/points?wait=true", Map.of("points", batch));
            if (r != null && r.status() == 200) {
                present.addAll(ids);
                mine.addAll(ids);
            }
        }
    }

    private RestClient.Response send(RestClient client, String method, String path, Object body) {
        try {
            RestClient.Response r = client.send(method, path, body);
            if (r.status() != 200) {
                failures.add(method + " " + path + " -> " + r);
            }
            return r;
        } catch (RuntimeException e) {
            failures.add(method + " " + path + " -> " + e);
            return null;
        }
    }

    int acknowledged() {
        return present.size() + deleted.size();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Every acknowledged upsert is readable through {@code via} with its payload, every acknowledged delete gone. */
    void assertNothingLost(RestClient via) {
        List<Long> all = new ArrayList<>(present);
        all.addAll(deleted);
        Set<Long> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> ids = all.subList(from, Math.min(all.size(), from + 500));
            RestClient.Response r = via.post("/collections/c/points?consistency=all", Map.of("ids", ids,
                    "with_payload", true));
            assertEquals(200, r.status(), r.toString());
            for (JsonNode p : r.result()) {
                assertEquals(p.get("id").asLong(), p.get("payload").get("v").asLong());
                found.add(p.get("id").asLong());
            }
        }
        Set<Long> lost = new HashSet<>(present);
        lost.removeAll(found);
        Set<Long> resurrected = new HashSet<>(deleted);
        resurrected.retainAll(found);
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged points lost, e.g. " + lost.stream().limit(10).toList());
        assertTrue(resurrected.isEmpty(), resurrected.size() + " deleted points came back, e.g. "
                + resurrected.stream().limit(10).toList());
    }
}
