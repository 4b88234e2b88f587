package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.json;
import static io.atoll.shard.engine.EngineFixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.Distance;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's versions against a model that keeps every point's version: random upserts (of one and two points),
 * deletes and payload changes at growing seqs, records applied again at their old seqs (replay, repeats), copies at
 * versions below and above the engine's (transfers), refreshes, commits and reopens in between. After every step
 * the engine must agree with the model on which points exist; every few steps on each point's version and payload
 * and on the count. Written for a version map bounded to the writes since the last refresh (issue 15's plan), which
 * must pass it as the unbounded one does.
 */
class VersionMapPropertyTest {
    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int IDS = 40;
    private static final int STEPS = 1_500;

    @TempDir
    Path dir;

    /** A point as the model holds it: its version, whether it is live, and the mark its payload carries. */
    private record State(long version, boolean live, int mark) {
    }

    private record Logged(long seq, ShardOperation op) {
    }

    private LuceneShardEngine open() throws Exception {
        return new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.DOT), null, 0);
    }

    @Test
    void versionsFollowTheModelThroughRefreshesAndReopens() throws Exception {
        System.out.println("VersionMapPropertyTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        Map<Long, State> model = new HashMap<>();
        List<Logged> log = new ArrayList<>();
        long seq = 0;
        LuceneShardEngine e = open();
        try {
            for (int step = 0; step < STEPS; step++) {
                long id = 1 + r.nextInt(IDS);
                int kind = r.nextInt(100);
                String what;
                if (kind < 50 || kind >= 60 && kind < 70) {
                    if (kind >= 50 && log.isEmpty()) {
                        continue;
                    }
                    // a new record, or one applied before, again at its seq (a replay, a repeated send)
                    Logged l = kind < 50 ? new Logged(++seq, operation(r, id, r.nextInt(1_000_000)))
                            : log.get(r.nextInt(log.size()));
                    e.apply(l.seq(), l.op());
                    apply(model, l.seq(), l.op());
                    if (kind < 50) {
                        log.add(l);
                    }
                    what = (kind < 50 ? "apply " : "apply again ") + l;
                } else if (kind < 60) {
                    List<ScoredPoint> copies = new ArrayList<>();
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        long cid = 1 + r.nextInt(IDS);
                        long version = 1 + r.nextInt((int) seq + 5);
                        int mark = r.nextInt(1_000_000);
                        copies.add(new ScoredPoint(PointId.of(cid), version, null, json("{\"m\":" + mark + "}"),
                                VectorValue.dense(Map.of(PointStruct.DEFAULT_VECTOR, new float[] {1, mark}))));
                        copy(model, cid, version, mark);
                    }
                    e.applyCopies(copies);
                    what = "copies " + copies.stream().map(c -> c.id() + "@" + c.version()).toList();
                } else if (kind < 90) {
                    e.refresh();
                    what = "refresh";
                } else if (kind < 97) {
                    e.commit();
                    what = "commit";
                } else {
                    e.commit();
                    e.close();
                    e = open();
                    what = "reopen";
                }
                String at = "step " + step + " (" + what + ", seed " + SEED + ")";
                for (long x = 1; x <= IDS; x++) {
                    State s = model.get(x);
                    assertEquals(s != null && s.live(), e.exists(PointId.of(x)), "point " + x + " exists, " + at);
                }
                if (step % 25 == 0 || step == STEPS - 1) {
                    checkAll(e, model, at);
                }
            }
        } finally {
            e.close();
        }
    }

    private static ShardOperation operation(Random r, long id, int mark) {
        return switch (r.nextInt(4)) {
            case 0 -> new ShardOperation.Delete(List.of(PointId.of(id)));
            case 1 -> new ShardOperation.SetPayload(List.of(PointId.of(id)), json("{\"m\":" + mark + "}"), null);
            case 2 -> new ShardOperation.Upsert(List.of(point(id, new float[] {1, mark}, "{\"m\":" + mark + "}"),
                    point(id % IDS + 1, new float[] {2, mark}, "{\"m\":" + (mark + 1) + "}")));
            default -> new ShardOperation.Upsert(List.of(point(id, new float[] {1, mark}, "{\"m\":" + mark + "}")));
        };
    }

    /** The engine's rule, on the model: an operation applies to a point whose version is older than its seq. */
    private static void apply(Map<Long, State> model, long seq, ShardOperation op) {
        switch (op) {
            case ShardOperation.Upsert u -> u.points().forEach(p -> {
                if (newer(model, id(p.id()), seq)) {
                    model.put(id(p.id()), new State(seq, true, p.payload().get("m").asInt()));
                }
            });
            case ShardOperation.Delete d -> d.ids().forEach(i -> {
                if (newer(model, id(i), seq)) {
                    model.put(id(i), new State(seq, false, 0));
                }
            });
            case ShardOperation.SetPayload s -> s.ids().forEach(i -> {
                State now = model.get(id(i));
                if (newer(model, id(i), seq) && now != null && now.live()) {
                    model.put(id(i), new State(seq, true, s.payload().get("m").asInt()));
                }
            });
            default -> throw new IllegalArgumentException("not generated: " + op);
        }
    }

    private static void copy(Map<Long, State> model, long id, long version, int mark) {
        if (newer(model, id, version)) {
            model.put(id, new State(version, true, mark));
        }
    }

    private static boolean newer(Map<Long, State> model, long id, long seq) {
        State s = model.get(id);
        return s == null || s.version() < seq;
    }

    private static long id(PointId id) {
        return ((PointId.Num) id).value();
    }

    private static void checkAll(LuceneShardEngine e, Map<Long, State> model, String at) throws Exception {
        e.refresh();
        List<PointId> all = new ArrayList<>();
        for (long x = 1; x <= IDS; x++) {
            all.add(PointId.of(x));
        }
        Map<Long, String> found = new HashMap<>();
        for (ScoredPoint p : e.retrieve(all, PayloadSelector.ALL, VectorSelector.NONE)) {
            found.put(id(p.id()), p.version() + " m=" + p.payload().get("m").asInt());
        }
        Map<Long, String> expected = new HashMap<>();
        model.forEach((x, s) -> {
            if (s.live()) {
                expected.put(x, s.version() + " m=" + s.mark());
            }
        });
        assertEquals(expected, found, "live points' versions and payloads, " + at);
        assertEquals(expected.size(), e.count(Filter.EMPTY), "count, " + at);
    }
}
