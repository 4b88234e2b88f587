package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.ConditionFactory.filter;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.grpc.Status;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client through gRPC on the query API of issue 19 (stages and fusion, MMR, formulas,
 * queries by example, groups, facets, order_by in scroll, samples and the distance matrix), against a real Atoll
 * node; every answer is compared with what REST answers for the same request.
 */
class QdrantJavaClientQueryTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static String c;

    @BeforeAll
    static void load() throws Exception {
        c = QdrantJavaClientSearchTest.load(SERVER, "grpc_query");
    }

    private static List<Long> ids(List<ScoredPoint> points) {
        return QdrantJavaClientSearchTest.ids(points);
    }

    private static List<Long> ids(JsonNode points) {
        return QdrantJavaClientSearchTest.ids(points);
    }

    private static Filter must(Condition... conditions) {
        return QdrantJavaClientSearchTest.must(conditions);
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
    void ordersByAKeyAsRest() throws Exception {
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
        List<ScoredPoint> queried = SERVER.grpc().queryAsync(QueryPoints.newBuilder().setCollectionName(c)
                .setQuery(Points.Query.newBuilder().setOrderBy(Points.OrderBy.newBuilder().setKey("n")
                        .setDirection(Points.Direction.Desc).setStartFrom(Points.StartFrom.newBuilder()
                                .setInteger(15)))).setLimit(3).build()).get();
        assertEquals(List.of(15L, 14L, 13L), ids(queried), "an order_by query orders as the scroll");
        assertEquals(List.of(15L, 14L, 13L), queried.stream().map(p -> p.getOrderValue().getInt()).toList());
        assertEquals(List.of(1f, 1f, 1f), queried.stream().map(ScoredPoint::getScore).toList());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().queryAsync(QueryPoints.newBuilder()
                .setCollectionName(c).setQuery(Points.Query.newBuilder().setOrderBy(Points.OrderBy.newBuilder()
                        .setKey("city"))).build()).get()), "no range index on city");
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
}
