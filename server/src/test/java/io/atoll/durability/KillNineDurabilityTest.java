package io.atoll.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.RestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent clients write through the REST API while the server is killed with SIGKILL; after a restart on the
 * same storage every acknowledged write is there with its last acknowledged payload (or, for the one operation
 * per key that was in flight at the kill, with that operation's result).
 */
class KillNineDurabilityTest {
    private static final int CLIENTS = 4;
    private static final Integer DELETED = -1;

    @TempDir
    Path dir;

    /** What a key may hold after the crash: its last acknowledged value, and the value of an unanswered write. */
    private static final class KeyState {
        Integer acked;          // null: never acknowledged; DELETED: acknowledged delete
        Integer inFlight;       // value of a write without a response
        boolean hasInFlight;
    }

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        long seed = System.nanoTime();
        System.out.println("KillNineDurabilityTest seed " + seed);
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            RestClient client = node.client();
            RestClient.Response created = client.put("/collections/durable", RestClient.parse(
                    "{\"vectors\":{\"size\":8,\"distance\":\"Euclid\"},\"shard_number\":3}"));
            assertEquals(200, created.status(), created.toString());

            Map<Long, KeyState> keys = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            CountDownLatch warmedUp = new CountDownLatch(CLIENTS);
            List<Thread> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientId = c;
                Random rnd = new Random(seed + c);
                writers.add(Thread.ofPlatform().start(() -> write(client, clientId, rnd, keys, stop, acknowledged, warmedUp)));
            }
            assertTrue(warmedUp.await(120, java.util.concurrent.TimeUnit.SECONDS), "the writers warmed up");
            // Let the writers run past refreshes and at least one index commit before the crash.
            long until = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.sleep(50);
            }
            node.kill9();
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            assertTrue(acknowledged.get() > 100, "too few acknowledged writes to test anything: " + acknowledged.get());

            node.restart();
            verify(node.client(), keys, seed);
        }
    }

    private static void write(RestClient client, int clientId, Random rnd, Map<Long, KeyState> keys,
                              AtomicBoolean stop, AtomicLong acknowledged, CountDownLatch warmedUp) {
        AtomicBoolean warm = new AtomicBoolean();
        Runnable warmedUpOnce = () -> {
            if (warm.compareAndSet(false, true)) {
                warmedUp.countDown();
            }
        };
        try {
            writeUntilStopped(client, clientId, rnd, keys, stop, acknowledged, warmedUpOnce);
        } finally {
            warmedUpOnce.run(); // also when the writer failed or stopped early: the test must not wait for ever
        }
    }

    private static void writeUntilStopped(RestClient client, int clientId, Random rnd, Map<Long, KeyState> keys,
                                          AtomicBoolean stop, AtomicLong acknowledged, Runnable warmedUp) {
        long nextId = clientId * 1_000_000L;
        List<Long> mine = new ArrayList<>();
        int ops = 0;
        while (!stop.get()) {
            int kind = rnd.nextInt(10);
            Map<Long, Integer> batch = new HashMap<>();
            if (kind < 6 || mine.isEmpty()) {
                for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
                    long id = nextId++;
                    mine.add(id);
                    batch.put(id, rnd.nextInt(1_000_000));
                }
            } else if (kind < 9) {
                batch.put(mine.get(rnd.nextInt(mine.size())), rnd.nextInt(1_000_000));
            } else {
                batch.put(mine.get(rnd.nextInt(mine.size())), DELETED);
            }
            boolean wait = rnd.nextBoolean();
            for (Map.Entry<Long, Integer> e : batch.entrySet()) {
                KeyState s = keys.computeIfAbsent(e.getKey(), k -> new KeyState());
                s.inFlight = e.getValue();
                s.hasInFlight = true;
            }
            RestClient.Response r;
            try {
                r = batch.containsValue(DELETED)
                        ? client.post("/collections/durable/points/delete?wait=" + wait,
                        RestClient.JSON.createObjectNode().set("points", RestClient.JSON.valueToTree(batch.keySet())))
                        : client.put("/collections/durable/points?wait=" + wait, upsertBody(batch));
            } catch (RuntimeException connectionLost) {
                return; // the server is gone: what was in flight stays unknown
            }
            if (r.status() != 200) {
                if (stop.get()) {
                    return;
                }
                throw new AssertionError("write failed before the crash: " + r);
            }
            for (Map.Entry<Long, Integer> e : batch.entrySet()) {
                KeyState s = keys.get(e.getKey());
                s.acked = e.getValue();
                s.hasInFlight = false;
                s.inFlight = null;
            }
            acknowledged.incrementAndGet();
            if (++ops == 20) {
                warmedUp.run();
            }
        }
    }

    private static JsonNode upsertBody(Map<Long, Integer> batch) {
        var body = RestClient.JSON.createObjectNode();
        var points = body.putArray("points");
        batch.forEach((id, value) -> {
            var p = points.addObject();
            p.put("id", id);
            var v = p.putArray("vector");
            for (int i = 0; i < 8; i++) {
                v.add((float) ((id * 31 + i * 7) % 101) / 101f);
            }
            p.putObject("payload").put("value", value).put("id", id);
        });
        return body;
    }

    private static void verify(RestClient client, Map<Long, KeyState> keys, long seed) {
        List<Long> ids = new ArrayList<>(keys.keySet());
        Map<Long, Integer> actual = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            var body = RestClient.JSON.createObjectNode();
            body.set("ids", RestClient.JSON.valueToTree(ids.subList(from, Math.min(ids.size(), from + 500))));
            body.put("with_payload", true);
            RestClient.Response r = client.post("/collections/durable/points", body);
            assertEquals(200, r.status(), r.toString());
            for (JsonNode p : r.result()) {
                actual.put(p.get("id").asLong(), p.get("payload").get("value").asInt());
            }
        }
        List<String> lost = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<Long, KeyState> e : keys.entrySet()) {
            KeyState s = e.getValue();
            Integer value = actual.getOrDefault(e.getKey(), DELETED);
            boolean matchesAcked = s.acked == null ? value.equals(DELETED) : value.equals(s.acked);
            boolean matchesInFlight = s.hasInFlight && value.equals(s.inFlight);
            if (s.acked != null) {
                checked++;
            }
            if (!matchesAcked && !matchesInFlight) {
                String line = "id " + e.getKey() + ": acknowledged " + s.acked + ", in flight "
                        + (s.hasInFlight ? s.inFlight : "none") + ", found " + value;
                if (value.equals(DELETED)) {
                    lost.add(line);
                } else {
                    wrong.add(line);
                }
            }
        }
        if (!lost.isEmpty() || !wrong.isEmpty()) {
            fail("seed " + seed + ": " + lost.size() + " lost, " + wrong.size() + " with a wrong value, of " + checked
                    + " acknowledged keys; first: " + lost.stream().limit(5).toList() + " " + wrong.stream().limit(5).toList());
        }
        assertTrue(checked > 0);
        System.out.println("KillNineDurabilityTest: " + checked + " acknowledged keys all present after kill -9");
    }
}
