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
        c = AtollServerExtension.collection("grpc_search");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 3, "distance", "Dot")));
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
        SERVER.grpc().upsertAsync(c, points).get();
    }


    private static Filter must(Condition... conditions) {
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

    private static List<Long> ids(List<ScoredPoint> points) {
        return points.stream().map(p -> p.getId().getNum()).toList();
    }

    private static List<Long> ids(JsonNode points) {
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
    void stagedQueriesAnswerAsRest() throws Exception {
        Points.PrefetchQuery byX = Points.PrefetchQuery.newBuilder().setQuery(nearest(1f, 0f, 0f)).setLimit(6).build();
        Points.PrefetchQuery byY = Points.PrefetchQuery.newBuilder().setQuery(nearest(0f, 1f, 0f)).setLimit(6)
                .setFilter(must(matchKeyword("city", "Paris"))).build();
        Map<String, Object> restX = Map.of("query", List.of(1, 0, 0), "limit", 6);
        Map<String, Object> restY = Map.of("query", List.of(0, 1, 0), "limit", 6, "filter", Map.of("must",
                List.of(Map.of("key", "city", "match", Map.of("value", "Paris")))));
        List<ScoredPoint> rrf = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .addPrefetch(byX).addPrefetch(byY).setQuery(io.qdrant.client.QueryFactory.rrf(Points.Rrf.newBuilder()
                        .setK(5).addAllWeights(List.of(2f, 1f)).build())).setLimit(5).setWithPayload(enable(true))
                .build()).get();
        JsonNode restRrf = ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("prefetch",
                List.of(restX, restY), "query", Map.of("rrf", Map.of("k", 5, "weights", List.of(2, 1))), "limit", 5)))
                .get("points");
        assertEquals(ids(restRrf), ids(rrf));
        for (int i = 0; i < rrf.size(); i++) {
            assertEquals(restRrf.get(i).get("score").floatValue(), rrf.get(i).getScore(), 1e-6);
        }
        assertTrue(rrf.getFirst().getPayloadMap().containsKey("city"), "a fused answer carries the payload asked");

        List<ScoredPoint> dbsf = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .addPrefetch(byX).addPrefetch(byY).setQuery(io.qdrant.client.QueryFactory.fusion(Points.Fusion.DBSF))
                .setLimit(4).build()).get();
        assertEquals(ids(ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("prefetch",
                List.of(restX, restY), "query", Map.of("fusion", "dbsf"), "limit", 4))).get("points")), ids(dbsf));

        // the best six by x, ranked by point 20's vector, which is left out
        List<ScoredPoint> rescored = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .addPrefetch(Points.PrefetchQuery.newBuilder().addPrefetch(byX).setQuery(nearest(0f, 0f, 1f))
                        .setLimit(4)).setQuery(nearest(id(20))).setLimit(3).build()).get();
        assertEquals(ids(ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("prefetch",
                Map.of("prefetch", restX, "query", List.of(0, 0, 1), "limit", 4), "query", 20, "limit", 3)))
                .get("points")), ids(rescored));
        assertFalse(ids(rescored).contains(20L));

        List<ScoredPoint> mmr = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setNearestWithMmr(Points.NearestInputWithMmr.newBuilder()
                        .setNearest(Points.VectorInput.newBuilder().setDense(Points.DenseVector.newBuilder()
                                .addAllData(List.of(1f, 1f, 0f)))).setMmr(Points.Mmr.newBuilder().setDiversity(0.8f)
                                .setCandidatesLimit(10)))).setLimit(4).build()).get();
        assertEquals(ids(ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("query", Map.of(
                "nearest", List.of(1, 1, 0), "mmr", Map.of("diversity", 0.8, "candidates_limit", 10)), "limit", 4)))
                .get("points")), ids(mmr));

        Points.Expression berlin = Points.Expression.newBuilder().setCondition(matchKeyword("city", "Berlin")).build();
        Points.Formula formula = Points.Formula.newBuilder().setExpression(Points.Expression.newBuilder().setSum(
                Points.SumExpression.newBuilder().addSum(Points.Expression.newBuilder().setVariable("$score"))
                        .addSum(Points.Expression.newBuilder().setMult(Points.MultExpression.newBuilder()
                                .addMult(Points.Expression.newBuilder().setConstant(2f)).addMult(berlin)))
                        .addSum(Points.Expression.newBuilder().setGaussDecay(Points.DecayParamsExpression.newBuilder()
                                .setX(Points.Expression.newBuilder().setVariable("n")).setScale(5f))))).build();
        List<ScoredPoint> boosted = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .addPrefetch(byX).setQuery(Points.Query.newBuilder().setFormula(formula)).setLimit(4).build()).get();
        JsonNode restBoosted = ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("prefetch", restX,
                "query", Map.of("formula", Map.of("sum", List.of("$score", Map.of("mult", List.of(2, Map.of("key",
                        "city", "match", Map.of("value", "Berlin")))), Map.of("gauss_decay", Map.of("x", "n",
                        "scale", 5))))), "limit", 4))).get("points");
        assertEquals(ids(restBoosted), ids(boosted));
        assertEquals(restBoosted.get(0).get("score").floatValue(), boosted.getFirst().getScore(), 1e-5);

        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().queryAsync(QueryPoints.newBuilder()
                .setCollectionName(c).addPrefetch(byX).setQuery(io.qdrant.client.QueryFactory.rrf(Points.Rrf
                        .newBuilder().addAllWeights(List.of(1f, 1f)).build())).build()).get()), "two weights, one list");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().queryAsync(QueryPoints.newBuilder()
                .setCollectionName(c).setQuery(nearest(id(1))).setLookupFrom(Points.LookupLocation.newBuilder()
                        .setCollectionName(c + "_nowhere")).build()).get()), "lookup_from an unknown collection");
    }

    @Test
    void examplesAnswerAsRest() throws Exception {
        String path = "/collections/" + c + "/points/";
        List<ScoredPoint> best = SERVER.grpc().recommendAsync(Points.RecommendPoints.newBuilder().setCollectionName(c)
                .addPositive(id(3)).addPositiveVectors(Points.Vector.newBuilder().setDense(Points.DenseVector
                        .newBuilder().addAllData(List.of(1f, 0f, 0f)))).addNegative(id(18))
                .setStrategy(Points.RecommendStrategy.BestScore).setLimit(4).setWithPayload(enable(true)).build()).get();
        JsonNode rest = ok(SERVER.client().post(path + "recommend", Map.of("positive", List.of(3, List.of(1, 0, 0)),
                "negative", List.of(18), "strategy", "best_score", "limit", 4)));
        assertEquals(ids(rest), ids(best));
        assertEquals(rest.get(0).get("score").floatValue(), best.getFirst().getScore(), 1e-6);
        assertFalse(ids(best).contains(3L) || ids(best).contains(18L), "the examples are left out");

        List<ScoredPoint> universal = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setRecommend(Points.RecommendInput.newBuilder()
                        .addPositive(Points.VectorInput.newBuilder().setId(id(3))).addNegative(Points.VectorInput
                                .newBuilder().setId(id(18))).setStrategy(Points.RecommendStrategy.SumScores)))
                .setLimit(4).build()).get();
        assertEquals(ids(ok(SERVER.client().post(path + "query", Map.of("query", Map.of("recommend", Map.of(
                "positive", List.of(3), "negative", List.of(18), "strategy", "sum_scores")), "limit", 4)))
                .get("points")), ids(universal));

        List<ScoredPoint> feedback = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setRelevanceFeedback(Points.RelevanceFeedbackInput.newBuilder()
                        .setTarget(Points.VectorInput.newBuilder().setId(id(2))).addFeedback(Points.FeedbackItem
                                .newBuilder().setExample(Points.VectorInput.newBuilder().setId(id(7))).setScore(0.9f))
                        .addFeedback(Points.FeedbackItem.newBuilder().setExample(Points.VectorInput.newBuilder()
                                .setId(id(12))).setScore(0.1f)).setStrategy(Points.FeedbackStrategy.newBuilder()
                                .setNaive(Points.NaiveFeedbackStrategy.newBuilder().setA(1).setB(1).setC(0.5f)))))
                .setLimit(3).build()).get();
        assertEquals(ids(ok(SERVER.client().post(path + "query", Map.of("query", Map.of("relevance_feedback", Map.of(
                "target", 2, "feedback", List.of(Map.of("example", 7, "score", 0.9), Map.of("example", 12, "score",
                        0.1)), "strategy", Map.of("naive", Map.of("a", 1, "b", 1, "c", 0.5)))), "limit", 3)))
                .get("points")), ids(feedback));

        Points.VectorExample five = Points.VectorExample.newBuilder().setId(id(5)).build();
        Points.VectorExample nine = Points.VectorExample.newBuilder().setId(id(9)).build();
        List<ScoredPoint> discovered = SERVER.grpc().discoverAsync(Points.DiscoverPoints.newBuilder()
                .setCollectionName(c).setTarget(Points.TargetVector.newBuilder().setSingle(Points.VectorExample
                        .newBuilder().setVector(Points.Vector.newBuilder().setDense(Points.DenseVector.newBuilder()
                                .addAllData(List.of(0f, 0f, 1f)))))).addContext(Points.ContextExamplePair.newBuilder()
                        .setPositive(five).setNegative(nine)).setLimit(3).build()).get();
        assertEquals(ids(ok(SERVER.client().post(path + "discover", Map.of("target", List.of(0, 0, 1), "context",
                List.of(Map.of("positive", 5, "negative", 9)), "limit", 3)))), ids(discovered));

        List<Points.BatchResult> batch = SERVER.grpc().recommendBatchAsync(c, List.of(
                Points.RecommendPoints.newBuilder().setCollectionName(c).addPositive(id(1)).setLimit(2).build(),
                Points.RecommendPoints.newBuilder().setCollectionName(c).addPositive(id(20)).setLimit(1).build()),
                null).get();
        assertEquals(2, batch.size());
        assertEquals(ids(ok(SERVER.client().post(path + "recommend", Map.of("positive", List.of(20), "limit", 1)))),
                ids(batch.get(1).getResultList()));
        assertEquals(1, SERVER.grpc().discoverBatchAsync(c, List.of(Points.DiscoverPoints.newBuilder()
                .setCollectionName(c).addContext(Points.ContextExamplePair.newBuilder().setPositive(five)
                        .setNegative(nine)).setLimit(2).build()), null).get().size());

        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().recommendAsync(Points.RecommendPoints
                .newBuilder().setCollectionName(c).addNegative(id(1)).setLimit(2).build()).get()),
                "average_vector needs a positive");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().recommendAsync(Points.RecommendPoints
                .newBuilder().setCollectionName(c).addPositive(id(999)).setLimit(2).build()).get()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().discoverAsync(Points.DiscoverPoints
                .newBuilder().setCollectionName(c).setLimit(2).build()).get()), "neither target nor context");
    }

    @Test
    void facetsAnswerAsRest() throws Exception {
        ok(SERVER.client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "city",
                "field_schema", "keyword")));
        ok(SERVER.client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "n",
                "field_schema", "integer")));
        List<Points.FacetHit> cities = SERVER.grpc().facetAsync(Points.FacetCounts.newBuilder().setCollectionName(c)
                .setKey("city").setExact(true).build()).get();
        assertEquals(List.of("Berlin=10", "Paris=10"), cities.stream().map(h -> h.getValue().getStringValue() + "="
                + h.getCount()).toList());
        List<Points.FacetHit> small = SERVER.grpc().facetAsync(Points.FacetCounts.newBuilder().setCollectionName(c)
                .setKey("n").setFilter(must(range("n", Range.newBuilder().setLte(3).build()))).setLimit(2).build())
                .get();
        assertEquals(List.of(1L, 2L), small.stream().map(h -> h.getValue().getIntegerValue()).toList(),
                "ties by count go by value ascending");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().facetAsync(Points.FacetCounts
                .newBuilder().setCollectionName(c).setKey("text").build()).get()), "no index for the key");
    }

    @Test
    void groupsAnswerAsRest() throws Exception {
        String path = "/collections/" + c + "/points/";
        List<Points.PointGroup> byQuery = SERVER.grpc().queryGroupsAsync(Points.QueryPointGroups.newBuilder()
                .setCollectionName(c).setQuery(nearest(1f, 0f, 0f)).setGroupBy("city").setGroupSize(2).setLimit(2)
                .setWithPayload(enable(true)).build()).get();
        JsonNode rest = ok(SERVER.client().post(path + "query/groups", Map.of("query", List.of(1, 0, 0), "group_by",
                "city", "group_size", 2, "limit", 2)));
        assertEquals(2, byQuery.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(rest.at("/groups/" + i + "/id").asText(), byQuery.get(i).getId().getStringValue());
            assertEquals(ids(rest.at("/groups/" + i + "/hits")), ids(byQuery.get(i).getHitsList()));
        }
        List<Points.PointGroup> bySearch = SERVER.grpc().searchGroupsAsync(Points.SearchPointGroups.newBuilder()
                .setCollectionName(c).addAllVector(List.of(0f, 1f, 0f)).setGroupBy("n").setGroupSize(1).setLimit(3)
                .setWithLookup(Points.WithLookup.newBuilder().setCollection(c)).build()).get();
        assertEquals(List.of(1L, 2L, 3L), bySearch.stream().map(g -> g.getId().getIntegerValue())
                .toList(), "each point is its own group by n");
        assertEquals(1, bySearch.get(0).getLookup().getId().getNum(), "group 1 looks up point 1");
        List<Points.PointGroup> byExample = SERVER.grpc().recommendGroupsAsync(Points.RecommendPointGroups.newBuilder()
                .setCollectionName(c).addPositive(id(20)).setGroupBy("city").setGroupSize(3).setLimit(1).build())
                .get();
        assertEquals(ids(ok(SERVER.client().post(path + "recommend/groups", Map.of("positive", List.of(20),
                "group_by", "city", "group_size", 3, "limit", 1))).at("/groups/0/hits")),
                ids(byExample.get(0).getHitsList()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().queryGroupsAsync(Points.QueryPointGroups
                .newBuilder().setCollectionName(c).setQuery(nearest(1f, 0f, 0f)).setGroupBy("").build()).get()),
                "an empty group_by");
    }

    @Test
    void scrollsInAKeysOrderAsRest() throws Exception {
        ok(SERVER.client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "n",
                "field_schema", "integer")));
        List<Points.RetrievedPoint> desc = SERVER.grpc().scrollAsync(Points.ScrollPoints.newBuilder()
                .setCollectionName(c).setLimit(3).setOrderBy(Points.OrderBy.newBuilder().setKey("n")
                        .setDirection(Points.Direction.Desc).setStartFrom(Points.StartFrom.newBuilder().setInteger(15)))
                .build()).get().getResultList();
        assertEquals(List.of(15L, 14L, 13L), desc.stream().map(p -> p.getId().getNum()).toList());
        assertEquals(15, desc.getFirst().getOrderValue().getInt());
        JsonNode rest = ok(SERVER.client().post("/collections/" + c + "/points/scroll", Map.of("order_by", Map.of(
                "key", "n", "direction", "desc", "start_from", 15), "limit", 3))).get("points");
        assertEquals(List.of(15L, 14L, 13L), ids(rest));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().scrollAsync(Points.ScrollPoints
                .newBuilder().setCollectionName(c).setOrderBy(Points.OrderBy.newBuilder().setKey("city")).build())
                .get()), "no range index on city");
    }

    @Test
    void samplesAndMatricesAnswerAsRest() throws Exception {
        List<ScoredPoint> drawn = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setSample(Points.Sample.Random)).setLimit(5).build()).get();
        assertEquals(5, new java.util.HashSet<>(ids(drawn)).size(), "five distinct points");
        Points.SearchMatrixPoints all = Points.SearchMatrixPoints.newBuilder().setCollectionName(c).setSample(20)
                .setLimit(2).build();
        Points.SearchMatrixOffsets offsets = SERVER.grpc().searchMatrixOffsetsAsync(all).get();
        JsonNode rest = ok(SERVER.client().post("/collections/" + c + "/points/search/matrix/offsets", Map.of(
                "sample", 20, "limit", 2)));
        assertEquals(rest.get("offsets_col").size(), offsets.getOffsetsColCount());
        for (int i = 0; i < offsets.getOffsetsColCount(); i++) {
            assertEquals(rest.get("offsets_col").get(i).asLong(), offsets.getOffsetsCol(i), "a sample of every point "
                    + "is the same matrix");
        }
        Points.SearchMatrixPairs pairs = SERVER.grpc().searchMatrixPairsAsync(all).get();
        assertEquals(40, pairs.getPairsCount());
        assertEquals(1, pairs.getPairs(0).getA().getNum());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchMatrixPairsAsync(Points
                .SearchMatrixPoints.newBuilder().setCollectionName(c).setSample(1).build()).get()));
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
