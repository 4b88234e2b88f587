package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.api.rest.QueryReference.Hit;
import io.atoll.api.rest.QueryReference.Point;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Score formulas (issue 19): prefetched points rescored by an expression over their score, payload numbers,
 * conditions, geo distance, datetimes and decays, against the same formula computed here by hand; defaults; and
 * Qdrant's refusals.
 */
class FormulaApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 80;
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<Point> POINT_LIST = new ArrayList<>();
    private static final List<Map<String, Object>> PAYLOADS = new ArrayList<>();
    private static final QueryReference REF;

    static {
        System.out.println("FormulaApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        for (int i = 1; i <= POINTS; i++) {
            POINT_LIST.add(new Point(i, Map.of("v", new float[] {(float) r.nextGaussian(), (float) r.nextGaussian()}),
                    0));
            Map<String, Object> p = new HashMap<>();
            if (i % 7 != 0) {
                p.put("price", Math.round(r.nextDouble() * 1000) / 10.0);
            }
            p.put("tag", r.nextBoolean() ? "sale" : "new");
            p.put("loc", Map.of("lat", 52 + r.nextDouble(), "lon", 13 + r.nextDouble()));
            p.put("at", T0.plusSeconds(r.nextInt(1_000_000)).toString());
            PAYLOADS.add(p);
        }
        REF = new QueryReference(POINT_LIST, Map.of("v", "Dot"));
    }

    private static String load() {
        String c = AtollServerExtension.collection("formula");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("v", Map.of("size", 2,
                "distance", "Dot")), "shard_number", 2));
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            points.add(Map.of("id", i + 1, "vector", Map.of("v", POINT_LIST.get(i).vectors().get("v")),
                    "payload", PAYLOADS.get(i)));
        }
        new QdrantApi(SERVER.client()).upsert(c, points);
        return c;
    }

    private static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
    }

    @Test
    void formulasMatchTheSameComputationByHand() {
        String c = load();
        RestClient client = SERVER.client();
        Random r = new Random(SEED + 1);
        for (int round = 0; round < 3; round++) {
            float[] q = {(float) r.nextGaussian(), (float) r.nextGaussian()};
            List<Hit> prefetched = REF.nearest("v", q, 25, p -> true);
            Map<String, Object> formula = Map.of("sum", List.of("$score",
                    Map.of("mult", List.of(0.5, Map.of("key", "tag", "match", Map.of("value", "sale")))),
                    Map.of("gauss_decay", Map.of("x", "price", "target", 50, "scale", 20)),
                    Map.of("lin_decay", Map.of("x", Map.of("datetime_key", "at"), "target", Map.of("datetime",
                            T0.toString()), "scale", 2_000_000, "midpoint", 0.2)),
                    Map.of("div", Map.of("left", 1000, "right", Map.of("geo_distance", Map.of("origin", Map.of("lat", 52.5,
                            "lon", 13.4), "to", "loc"))))));
            List<Hit> want = new ArrayList<>();
            for (Hit h : prefetched) {
                Map<String, Object> p = PAYLOADS.get((int) h.id() - 1);
                double price = p.containsKey("price") ? (Double) p.get("price") : 33.0;
                @SuppressWarnings("unchecked")
                Map<String, Double> loc = (Map<String, Double>) p.get("loc");
                double seconds = Instant.parse((String) p.get("at")).getEpochSecond() - T0.getEpochSecond();
                double score = (float) h.score()
                        + ("sale".equals(p.get("tag")) ? 0.5 : 0)
                        + Math.exp(Math.log(0.5) / 400 * Math.pow(price - 50, 2))
                        + Math.max(0, 1 - 0.8 / 2_000_000 * Math.abs(seconds))
                        + 1000 / haversine(52.5, 13.4, loc.get("lat"), loc.get("lon"));
                want.add(new Hit(h.id(), score));
            }
            want.sort(java.util.Comparator.comparingDouble(Hit::score).reversed());
            JsonNode got = ok(client.post("/collections/" + c + "/points/query", Map.of("prefetch", Map.of("query", q,
                    "using", "v", "limit", 25, "params", Map.of("exact", true)), "query", Map.of("formula", formula,
                    "defaults", Map.of("price", 33)), "limit", 8, "with_payload", List.of("tag")))).get("points");
            assertEquals(8, got.size());
            for (int i = 0; i < 8; i++) {
                assertEquals(want.get(i).score(), got.get(i).get("score").asDouble(), 1e-3, "seed " + SEED + ": " + got);
                assertEquals(want.get(i).id(), got.get(i).get("id").asLong(), "seed " + SEED + ": " + got);
            }
            assertEquals(1, got.get(0).get("payload").size(), "the payload asked for, and only it");
        }
    }

    @Test
    void badFormulasGetQdrantsErrors() {
        String c = load();
        RestClient client = SERVER.client();
        String q = "/collections/" + c + "/points/query";
        Map<String, Object> prefetch = Map.of("query", List.of(1, 0), "using", "v", "limit", 10);
        error(client.post(q, Map.of("query", Map.of("formula", "$score"))), 400,
                "cannot apply Formula without prefetches");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("mult", List.of("$score",
                "discount"))))), 400, "Expected number value for discount in the payload and/or in the formula "
                + "defaults");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", "$scores"))), 400,
                "Invalid reserved word: $scores");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("ln", 0)))), 400,
                "non-finite");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("exp_decay", Map.of(
                "x", "$score", "scale", 0))))), 400, "Decay scale should be non-zero positive, got 0.0.");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("exp_decay", Map.of(
                "x", "$score", "midpoint", 1))))), 400, "midpoint");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("root", 2)))), 400,
                "unknown operation `root`");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("div", Map.of("left", 1)))
        )), 400, "right");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", "$score", "defaults", Map.of(
                "price", "cheap")))), 400, "defaults.price");
        error(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("datetime", "soon")))), 400,
                "datetime");
        // a division by zero takes the default given for it; 0 / anything is 0
        JsonNode safe = ok(client.post(q, Map.of("prefetch", prefetch, "query", Map.of("formula", Map.of("sum",
                List.of(Map.of("div", Map.of("left", 1, "right", 0, "by_zero_default", 7)), Map.of("div", Map.of("left",
                        0, "right", 0))))), "limit", 1))).get("points");
        assertEquals(7.0, safe.get(0).get("score").asDouble(), 1e-6);
        assertEquals(POINTS, new QdrantApi(client).count(c));
    }
}
