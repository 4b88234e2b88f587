package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.api.grpc.GrpcStatus.status;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.ConditionFactory.datetimeRange;
import static io.qdrant.client.ConditionFactory.filter;
import static io.qdrant.client.ConditionFactory.geoRadius;
import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.hasVector;
import static io.qdrant.client.ConditionFactory.isEmpty;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchExceptKeywords;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchText;
import static io.qdrant.client.ConditionFactory.matchValues;
import static io.qdrant.client.ConditionFactory.nested;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.ConditionFactory.valuesCount;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.DatetimeRange;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Common.ValuesCount;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client filtering, counting, scrolling, searching and querying through gRPC against a
 * real Atoll node; every answer is checked against what REST answers for the same request.
 */
class QdrantJavaClientSearchTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static String c;

    @BeforeAll
    static void load() throws Exception {
        c = load(SERVER, "grpc_search");
    }

    /** Twenty points with payloads of every kind the filters read, written through gRPC; the collection's name. */
    static String load(AtollServerExtension server, String prefix) throws Exception {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(server.client()).createCollection(c, Map.of("vectors", Map.of("size", 3, "distance", "Dot")));
        List<PointStruct> points = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            points.add(PointStruct.newBuilder().setId(id(i)).setVectors(vectors(i, 20 - i, i % 3))
                    .putPayload("city", value(i % 2 == 0 ? "Berlin" : "Paris"))
                    .putPayload("n", value(i))
                    .putPayload("text", value(i % 5 == 0 ? "the quick brown fox" : "lazy dog"))
                    .putPayload("tags", value(List.of(value("t" + (i % 4)), value("all"))))
                    .putPayload("at", value("2026-01-" + String.format("%02d", i) + "T00:00:00Z"))
                    .putPayload("place", value(Map.of("lon", value(13.4 + i * 0.01), "lat", value(52.5))))
                    .putPayload("kids", value(List.of(value(Map.of("age", value(i))))))
                    .build());
        }
        server.grpc().upsertAsync(c, points).get();
        return c;
    }


    static Filter must(Condition... conditions) {
        return Filter.newBuilder().addAllMust(List.of(conditions)).build();
    }

    private static long restCount(Object filter) {
        return ok(SERVER.client().post("/collections/" + c + "/points/count", Map.of("filter", filter)))
                .get("count").asLong();
    }

    private static Timestamp day(int d) {
        return Timestamp.newBuilder().setSeconds(java.time.Instant.parse("2026-01-" + String.format("%02d", d)
                + "T00:00:00Z").getEpochSecond()).build();
    }

    @Test
    void everyKindOfConditionCountsAsRestCounts() throws Exception {
        record Case(Filter grpc, Object rest, long expected) {
        }
        List<Case> cases = List.of(
                new Case(must(matchKeyword("city", "Berlin")), Map.of("must", List.of(
                        Map.of("key", "city", "match", Map.of("value", "Berlin")))), 10),
                new Case(must(match("n", 7)), Map.of("must", List.of(
                        Map.of("key", "n", "match", Map.of("value", 7)))), 1),
                new Case(must(matchKeywords("tags", List.of("t1", "t2"))), Map.of("must", List.of(
                        Map.of("key", "tags", "match", Map.of("any", List.of("t1", "t2"))))), 10),
                new Case(must(matchValues("n", List.of(1L, 2L, 3L))), Map.of("must", List.of(
                        Map.of("key", "n", "match", Map.of("any", List.of(1, 2, 3))))), 3),
                new Case(must(matchExceptKeywords("city", List.of("Paris"))), Map.of("must", List.of(
                        Map.of("key", "city", "match", Map.of("except", List.of("Paris"))))), 10),
                new Case(must(matchText("text", "quick")), Map.of("must", List.of(
                        Map.of("key", "text", "match", Map.of("text", "quick")))), 4),
                new Case(must(range("n", Range.newBuilder().setGte(5).setLt(9).build())), Map.of("must", List.of(
                        Map.of("key", "n", "range", Map.of("gte", 5, "lt", 9)))), 4),
                new Case(must(datetimeRange("at", DatetimeRange.newBuilder().setGt(day(18)).build())),
                        Map.of("must", List.of(Map.of("key", "at", "range", Map.of("gt", "2026-01-18T00:00:00Z")))), 2),
                new Case(must(geoRadius("place", 52.5, 13.4, 3000f)), Map.of("must", List.of(
                        Map.of("key", "place", "geo_radius", Map.of("center", Map.of("lon", 13.4, "lat", 52.5),
                                "radius", 3000)))), 4),
                new Case(must(valuesCount("tags", ValuesCount.newBuilder().setGte(2).build())), Map.of("must",
                        List.of(Map.of("key", "tags", "values_count", Map.of("gte", 2)))), 20),
                new Case(must(isEmpty("missing")), Map.of("must", List.of(Map.of("is_empty", Map.of("key",
                        "missing")))), 20),
                new Case(must(hasId(List.of(id(3), id(4), id(99)))), Map.of("must", List.of(
                        Map.of("has_id", List.of(3, 4, 99)))), 2),
                new Case(must(nested("kids", must(range("age", Range.newBuilder().setLte(2).build())))),
                        Map.of("must", List.of(Map.of("nested", Map.of("key", "kids", "filter", Map.of("must",
                                List.of(Map.of("key", "age", "range", Map.of("lte", 2)))))))), 2),
                new Case(Filter.newBuilder().addShould(match("n", 1)).addShould(match("n", 2))
                        .addMustNot(filter(must(matchKeyword("city", "Berlin")))).build(),
                        Map.of("should", List.of(Map.of("key", "n", "match", Map.of("value", 1)),
                                Map.of("key", "n", "match", Map.of("value", 2))), "must_not", List.of(
                                // Qdrant's REST form of a nested filter: the filter itself is the condition
                                Map.of("must", List.of(Map.of("key", "city", "match", Map.of("value", "Berlin")))))),
                        1));
        for (Case k : cases) {
            assertEquals(k.expected(), restCount(k.rest()), "REST: " + k.rest());
            assertEquals(k.expected(), SERVER.grpc().countAsync(c, k.grpc(), true).get(), "gRPC: " + k.grpc());
        }
        assertEquals(20, SERVER.grpc().countAsync(c, Filter.getDefaultInstance(), true).get(), "an empty filter");
    }

    static List<Long> ids(List<ScoredPoint> points) {
        return points.stream().map(p -> p.getId().getNum()).toList();
    }

    static List<Long> ids(JsonNode points) {
        List<Long> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    @Test
    void searchesAndQueriesAnswerAsRest() throws Exception {
        List<ScoredPoint> found = SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(c)
                .addAllVector(List.of(1f, 0f, 0f)).setLimit(3).setOffset(1).setWithPayload(enable(true))
                .setFilter(must(matchKeyword("city", "Paris"))).build()).get();
        JsonNode rest = ok(SERVER.client().post("/collections/" + c + "/points/search", Map.of("vector",
                List.of(1, 0, 0), "limit", 3, "offset", 1, "filter", Map.of("must", List.of(Map.of("key", "city",
                        "match", Map.of("value", "Paris")))))));
        assertEquals(List.of(17L, 15L, 13L), ids(found));
        assertEquals(ids(rest), ids(found));
        assertEquals(17.0, found.getFirst().getScore(), 1e-4);
        assertEquals("Paris", found.getFirst().getPayloadMap().get("city").getStringValue());
        assertFalse(found.getFirst().hasVectors(), "vectors only when asked");

        List<Points.BatchResult> batch = SERVER.grpc().searchBatchAsync(c, List.of(
                SearchPoints.newBuilder().setCollectionName(c).addAllVector(List.of(0f, 1f, 0f)).setLimit(2).build(),
                SearchPoints.newBuilder().setCollectionName(c).addAllVector(List.of(1f, 0f, 0f)).setLimit(1)
                        .setScoreThreshold(100f).build()), null).get();
        assertEquals(List.of(1L, 2L), ids(batch.get(0).getResultList()));
        assertTrue(batch.get(1).getResultList().isEmpty(), "nothing scores 100");

        List<ScoredPoint> byVector = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(nearest(0f, 0f, 1f)).setLimit(4).setFilter(must(range("n", Range.newBuilder().setLt(10)
                        .build()))).setWithVectors(Points.WithVectorsSelector.newBuilder().setEnable(true)).build())
                .get();
        assertEquals(ids(ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("query",
                List.of(0, 0, 1), "limit", 4, "filter", Map.of("must", List.of(Map.of("key", "n", "range",
                        Map.of("lt", 10))))))).get("points")), ids(byVector));
        assertEquals(3, byVector.getFirst().getVectors().getVector().getDense().getDataCount());

        List<ScoredPoint> byId = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setNearest(Points.VectorInput.newBuilder().setId(id(20))))
                .setLimit(2).build()).get();
        assertEquals(List.of(19L, 18L), ids(byId), "the example point itself is left out");

        List<ScoredPoint> listing = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c).setLimit(3)
                .setOffset(2).build()).get();
        assertEquals(List.of(3L, 4L, 5L), ids(listing), "without a query: id order");

        List<Points.BatchResult> queries = SERVER.grpc().queryBatchAsync(c, List.of(
                QueryPoints.newBuilder().setCollectionName(c).setQuery(nearest(1f, 0f, 0f)).setLimit(1).build(),
                QueryPoints.newBuilder().setCollectionName(c).setQuery(nearest(0f, 1f, 0f)).setLimit(1).build()))
                .get();
        assertEquals(List.of(20L), ids(queries.get(0).getResultList()));
        assertEquals(List.of(1L), ids(queries.get(1).getResultList()));
    }

    @Test
    void scrollPagesThroughEveryPointOnce() throws Exception {
        List<Long> seen = new ArrayList<>();
        PointId offset = null;
        do {
            Points.ScrollPoints.Builder req = Points.ScrollPoints.newBuilder().setCollectionName(c).setLimit(7)
                    .setFilter(must(range("n", Range.newBuilder().setGt(2).build())));
            if (offset != null) {
                req.setOffset(offset);
            }
            Points.ScrollResponse page = SERVER.grpc().scrollAsync(req.build()).get();
            page.getResultList().forEach(p -> seen.add(p.getId().getNum()));
            assertTrue(page.getResultList().stream().allMatch(p -> p.getPayloadMap().containsKey("city")),
                    "scroll returns payloads unless told otherwise, as REST");
            offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
        } while (offset != null);
        List<Long> expected = new ArrayList<>();
        for (long i = 3; i <= 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen);
    }

    @Test
    void badReadsAreRefusedWithRestsMessages() throws Exception {
        Status dim = status(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(c)
                .addAllVector(List.of(1f, 0f)).setLimit(1).build()).get());
        assertEquals(Status.Code.INVALID_ARGUMENT, dim.getCode());
        String restDim = SERVER.client().post("/collections/" + c + "/points/search", Map.of("vector", List.of(1, 0),
                "limit", 1)).error();
        assertEquals(restDim, dim.getDescription(), "one message in both APIs");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(Float.NaN, 0f, 0f)).setLimit(1).build()).get()), "NaN");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(1f, 0f, 0f)).setVectorName("image").setLimit(1).build())
                .get()), "an unknown vector name");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(1f, 0f, 0f)).setLimit(-1L).build()).get()),
                "a limit of 2^64 - 1");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().countAsync(c, must(matchKeyword("", "x")),
                true).get()), "an empty key");
        assertEquals(20, SERVER.grpc().countAsync(c, must(hasVector("")), true).get(), "every point has the unnamed vector");
        assertEquals(0, SERVER.grpc().countAsync(c, must(hasVector("v")), true).get(), "none has a vector named v");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().countAsync(c, must(geoRadius("place", 95, 0,
                1f)), true).get()), "a latitude beyond 90");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().queryAsync(QueryPoints.newBuilder()
                .setCollectionName(c).setQuery(io.qdrant.client.QueryFactory.orderBy("n")).build()).get()),
                "a query kind not built yet");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().queryAsync(QueryPoints.newBuilder()
                .setCollectionName(c).addPrefetch(Points.PrefetchQuery.getDefaultInstance()).build()).get()),
                "prefetch");
        List<SearchPoints> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(SearchPoints.newBuilder().setCollectionName(c).addAllVector(List.of(1f, 0f, 0f)).setLimit(1)
                    .build());
        }
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchBatchAsync(c, tooMany, null).get()));
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c + "_missing").addAllVector(List.of(1f, 0f, 0f)).setLimit(1).build()).get()));
        // Qdrant's client checks the name itself: the raw stub sends what it is given
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().grpcClient().points().scroll(Points.ScrollPoints
                .newBuilder().build()).get()), "no collection name");
    }
}
