package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.filter.PayloadMatcher;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.Distance;
import io.atoll.operation.ShardOperation;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filters the index answers must mean what the reference evaluator says they mean: random payloads, random
 * filters, the same set of points from both. The seed is in the test name; rerun one with its seed to replay it.
 */
class FilterSemanticsPropertyTest {
    private static final String[] CITIES = {"Berlin", "London", "Paris", "Rome", "Oslo"};
    private static final String[] TAGS = {"red", "green", "blue", "cyan"};
    private static final int POINTS = 300;
    private static final int FILTERS = 150;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 4, 5, 20261122L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void indexAndReferenceAgree(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<PointStruct> points = new ArrayList<>();
        for (long id = 0; id < POINTS; id++) {
            points.add(new PointStruct(PointId.of(id), VectorValue.dense(Map.of(PointStruct.DEFAULT_VECTOR,
                    new float[]{rnd.nextFloat(), rnd.nextFloat()})),
                    payload(rnd)));
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.DOT), null, 0)) {
            e.apply(1, new ShardOperation.Upsert(points));
            for (int i = 0; i < FILTERS; i++) {
                Filter f = filter(rnd, 0);
                Set<PointId> expected = new TreeSet<>();
                for (PointStruct p : points) {
                    if (PayloadMatcher.matches(f, p.id(), p.payload())) {
                        expected.add(p.id());
                    }
                }
                Set<PointId> actual = new TreeSet<>(e.matchingIds(f));
                assertEquals(expected, actual, "seed " + seed + ", filter #" + i + ": " + f);
                assertEquals(expected.size(), e.count(f), "seed " + seed + ", count of filter #" + i);
            }
        }
    }

    private static ObjectNode payload(Random rnd) {
        ObjectNode o = EngineFixtures.JSON.createObjectNode();
        maybe(rnd, () -> o.put("city", CITIES[rnd.nextInt(CITIES.length)]));
        maybe(rnd, () -> o.put("n", rnd.nextInt(20) - 5));
        maybe(rnd, () -> o.put("f", rnd.nextDouble() * 10));
        maybe(rnd, () -> o.put("flag", rnd.nextBoolean()));
        maybe(rnd, () -> o.putNull("maybe"));
        maybe(rnd, () -> {
            ArrayNode tags = o.putArray("tags");
            for (int i = rnd.nextInt(4); i > 0; i--) {
                tags.add(TAGS[rnd.nextInt(TAGS.length)]);
            }
        });
        maybe(rnd, () -> {
            ArrayNode items = o.putArray("items");
            for (int i = rnd.nextInt(3); i > 0; i--) {
                items.addObject().put("a", rnd.nextInt(4)).put("b", CITIES[rnd.nextInt(CITIES.length)]);
            }
        });
        maybe(rnd, () -> o.putObject("geo").put("lon", rnd.nextDouble() * 20).put("lat", 40 + rnd.nextDouble() * 20));
        maybe(rnd, () -> o.putObject("nested").put("deep", rnd.nextInt(5)));
        return o;
    }

    private static void maybe(Random rnd, Runnable r) {
        if (rnd.nextInt(4) != 0) {
            r.run();
        }
    }

    private static Filter filter(Random rnd, int depth) {
        List<List<Condition>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            parts.get(rnd.nextInt(3)).add(condition(rnd, depth));
        }
        Filter.MinShould min = null;
        if (rnd.nextInt(6) == 0) {
            List<Condition> cs = List.of(condition(rnd, depth), condition(rnd, depth), condition(rnd, depth));
            min = new Filter.MinShould(cs, rnd.nextInt(4));
        }
        return new Filter(parts.get(0), parts.get(1), parts.get(2), min);
    }

    private static Condition condition(Random rnd, int depth) {
        int kind = rnd.nextInt(depth < 2 ? 18 : 17);
        return switch (kind) {
            case 0 -> new Condition.MatchValue("city", CITIES[rnd.nextInt(CITIES.length)]);
            case 1 -> new Condition.MatchValue("n", (long) rnd.nextInt(20) - 5);
            case 2 -> new Condition.MatchValue("flag", rnd.nextBoolean());
            case 3 -> new Condition.MatchAny("tags", List.of(TAGS[rnd.nextInt(4)], TAGS[rnd.nextInt(4)]));
            case 4 -> rnd.nextBoolean()
                    ? new Condition.MatchExcept("city", List.of(CITIES[rnd.nextInt(5)], CITIES[rnd.nextInt(5)]))
                    : new Condition.MatchExcept("tags", List.of(TAGS[rnd.nextInt(4)], TAGS[rnd.nextInt(4)]));
            case 5 -> new Condition.NumberRange(rnd.nextBoolean() ? "n" : "f", rnd.nextBoolean() ? null : (double) rnd.nextInt(10),
                    null, null, rnd.nextBoolean() ? null : 2.5 + rnd.nextInt(8));
            case 6 -> new Condition.ValuesCount(rnd.nextBoolean() ? "tags" : "items[].a", null, rnd.nextBoolean() ? null : rnd.nextInt(3), rnd.nextBoolean() ? null : rnd.nextInt(4), null);
            case 7 -> new Condition.IsEmpty(List.of("tags", "city", "items[].b", "tags[]").get(rnd.nextInt(4)));
            case 8 -> new Condition.IsNull(rnd.nextBoolean() ? "maybe" : "city");
            case 9 -> {
                if (rnd.nextBoolean()) {
                    int total = 1 + rnd.nextInt(5);
                    yield new Condition.Slice(total, rnd.nextInt(total));
                }
                Set<PointId> ids = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    ids.add(PointId.of(rnd.nextInt(POINTS)));
                }
                yield new Condition.HasId(ids);
            }
            case 10 -> new Condition.MatchText("city", CITIES[rnd.nextInt(5)].substring(1, 3), Condition.TextMode.ALL_TOKENS);
            case 11 -> new Condition.GeoRadius("geo", new Condition.GeoPoint(10, 50), 200_000 + rnd.nextInt(800_000));
            case 12 -> new Condition.GeoBoundingBox("geo", new Condition.GeoPoint(rnd.nextInt(10), 60 - rnd.nextInt(10)),
                    new Condition.GeoPoint(10 + rnd.nextInt(10), 50 - rnd.nextInt(10)));
            // Qdrant's paths: "items.b" reaches nothing in an array, "items[1].b" one element's b
            case 13 -> new Condition.MatchValue(List.of("items.b", "items[].b", "items[1].b").get(rnd.nextInt(3)),
                    CITIES[rnd.nextInt(5)]);
            case 14 -> new Condition.NumberRange("nested.deep", null, (double) rnd.nextInt(5), null, null);
            case 15 -> {
                Condition.GeoPoint a = new Condition.GeoPoint(rnd.nextDouble() * 20, 40 + rnd.nextDouble() * 20);
                List<Condition.GeoPoint> ring = List.of(a, new Condition.GeoPoint(rnd.nextDouble() * 20, 40 + rnd.nextDouble() * 20),
                        new Condition.GeoPoint(rnd.nextDouble() * 20, 40 + rnd.nextDouble() * 20), a);
                yield new Condition.GeoPolygon("geo", ring, List.of());
            }
            case 16 -> {
                String city = CITIES[rnd.nextInt(CITIES.length)];
                String start = city.substring(0, 1 + rnd.nextInt(3));
                // case-sensitive: a lower-cased prefix matches nothing
                yield new Condition.MatchPrefix(rnd.nextBoolean() ? "city" : "items[].b",
                        rnd.nextInt(4) == 0 ? start.toLowerCase() : start);
            }
            default -> rnd.nextBoolean()
                    ? new Condition.Nested("items", Filter.allOf(new Condition.MatchValue("a", (long) rnd.nextInt(4)),
                    new Condition.MatchValue("b", CITIES[rnd.nextInt(5)])))
                    : filter(rnd, depth + 1);
        };
    }
}
