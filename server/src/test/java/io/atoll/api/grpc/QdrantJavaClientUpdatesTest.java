package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ShardKeyFactory.shardKey;
import static io.qdrant.client.ShardKeySelectorFactory.shardKeySelector;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client changing points and payload indexes through gRPC against a real Atoll node: deletes,
 * payload and vector updates, update batches (all or nothing), field indexes and shard-key routing, each checked
 * through REST.
 */
class QdrantJavaClientUpdatesTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    /** A collection with named vectors a (2) and b (2), and points 1..6 with payload {city, n}. */
    private static String loaded(String prefix) throws Exception {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of(
                "a", Map.of("size", 2, "distance", "Dot"), "b", Map.of("size", 2, "distance", "Dot"))));
        for (int i = 1; i <= 6; i++) {
            SERVER.grpc().upsertAsync(c, List.of(PointStruct.newBuilder().setId(id(i)).setVectors(namedVectors(Map.of(
                    "a", vector(i, 0f), "b", vector(0f, i)))).putPayload("city", value(i <= 3 ? "Berlin" : "Paris"))
                    .putPayload("n", value(i)).build())).get();
        }
        return c;
    }

    private static JsonNode point(String c, int id) {
        return ok(SERVER.client().get("/collections/" + c + "/points/" + id));
    }

    private static long count(String c) {
        return ok(SERVER.client().post("/collections/" + c + "/points/count", Map.of())).get("count").asLong();
    }

    private static Filter city(String name) {
        return Filter.newBuilder().addMust(matchKeyword("city", name)).build();
    }

    @Test
    void pointsAndPayloadsChangeAsThroughRest() throws Exception {
        String c = loaded("grpc_updates");
        SERVER.grpc().setPayloadAsync(c, Map.of("x", value(1)), List.of(id(1), id(2)), true, null, null).get();
        assertEquals(1, point(c, 2).at("/payload/x").asInt());
        SERVER.grpc().setPayloadAsync(c, Map.of("deep", value(true)), PointsSelector.newBuilder()
                .setPoints(Points.PointsIdsList.newBuilder().addIds(id(1))).build(), true, "inner", null, null).get();
        assertTrue(point(c, 1).at("/payload/inner/deep").asBoolean(), "set under a key");
        SERVER.grpc().overwritePayloadAsync(c, Map.of("only", value("this")), city("Paris"), true, null, null).get();
        assertEquals("{\"only\":\"this\"}", point(c, 5).get("payload").toString());
        SERVER.grpc().deletePayloadAsync(c, List.of("n"), List.of(id(3)), true, null, null).get();
        assertTrue(point(c, 3).at("/payload/n").isMissingNode());
        SERVER.grpc().clearPayloadAsync(c, List.of(id(2)), true, null, null).get();
        assertEquals(0, point(c, 2).get("payload").size());

        SERVER.grpc().updateVectorsAsync(c, List.of(Points.PointVectors.newBuilder().setId(id(1))
                .setVectors(namedVectors(Map.of("b", vector(9f, 9f)))).build()), true, null, null).get();
        JsonNode one = point(c, 1);
        assertEquals(9.0, one.at("/vector/b/0").asDouble(), 1e-6);
        assertEquals(1.0, one.at("/vector/a/0").asDouble(), 1e-6, "only the named vector changes");
        SERVER.grpc().deleteVectorsAsync(c, List.of("a"), List.of(id(1)), true, null, null).get();
        assertTrue(point(c, 1).at("/vector/a").isMissingNode());

        SERVER.grpc().deleteAsync(c, List.of(id(6))).get();
        SERVER.grpc().deleteAsync(c, city("Berlin")).get();
        assertEquals(3, count(c), "2 (its payload cleared), 4 and 5 remain");
    }

    @Test
    void anUpdateBatchAppliesInOrderOrNotAtAll() throws Exception {
        String c = loaded("grpc_batch");
        PointsUpdateOperation upsert = PointsUpdateOperation.newBuilder().setUpsert(
                PointsUpdateOperation.PointStructList.newBuilder().addPoints(PointStruct.newBuilder().setId(id(7))
                        .setVectors(namedVectors(Map.of("a", vector(1f, 1f)))))).build();
        PointsUpdateOperation setPayload = PointsUpdateOperation.newBuilder().setSetPayload(
                PointsUpdateOperation.SetPayload.newBuilder().putPayload("late", value("yes")).setPointsSelector(
                        PointsSelector.newBuilder().setPoints(Points.PointsIdsList.newBuilder().addIds(id(7)))))
                .build();
        PointsUpdateOperation delete = PointsUpdateOperation.newBuilder().setDeletePoints(
                PointsUpdateOperation.DeletePoints.newBuilder().setPoints(PointsSelector.newBuilder()
                        .setFilter(city("Paris")))).build();
        PointsUpdateOperation badVector = PointsUpdateOperation.newBuilder().setUpdateVectors(
                PointsUpdateOperation.UpdateVectors.newBuilder().addPoints(Points.PointVectors.newBuilder()
                        .setId(id(1)).setVectors(namedVectors(Map.of("a", vector(1f, 2f, 3f)))))).build();

        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().batchUpdateAsync(c, List.of(upsert,
                setPayload, delete, badVector)).get()), "a wrong dimension in the last operation");
        assertEquals(6, count(c), "nothing of the refused batch was applied");

        List<Points.UpdateResult> results = SERVER.grpc().batchUpdateAsync(c, List.of(upsert, setPayload, delete), true,
                null, null).get();
        assertEquals(3, results.size());
        assertTrue(results.stream().allMatch(r -> r.getStatus() == Points.UpdateStatus.Completed));
        assertEquals("yes", point(c, 7).at("/payload/late").asText());
        assertEquals(4, count(c), "1, 2, 3 and 7");
    }

    @Test
    void fieldIndexesAreCreatedAndDroppedAsThroughRest() throws Exception {
        String c = loaded("grpc_index");
        SERVER.grpc().createPayloadIndexAsync(c, "city", PayloadSchemaType.Keyword, Collections.PayloadIndexParams
                .newBuilder().setKeywordIndexParams(Collections.KeywordIndexParams.newBuilder().setIsTenant(true))
                .build(), true, null, null).get();
        SERVER.grpc().createPayloadIndexAsync(c, "n", PayloadSchemaType.Integer, null, true, null, null).get();
        SERVER.grpc().createPayloadIndexAsync(c, "text", PayloadSchemaType.Text, Collections.PayloadIndexParams.newBuilder()
                .setTextIndexParams(Collections.TextIndexParams.newBuilder().setTokenizer(Collections.TokenizerType
                        .Word).setLowercase(true).setMinTokenLen(2)).build(), true, null, null).get();
        JsonNode schema = ok(SERVER.client().get("/collections/" + c)).get("payload_schema");
        assertEquals("keyword", schema.at("/city/data_type").asText());
        assertTrue(schema.at("/city/params/is_tenant").asBoolean());
        assertEquals("integer", schema.at("/n/data_type").asText());
        assertEquals("word", schema.at("/text/params/tokenizer").asText());
        assertEquals(6, schema.at("/city/points").asLong());
        assertEquals("keyword", SERVER.grpc().getCollectionInfoAsync(c).get().getPayloadSchemaMap().get("city").getDataType()
                .name().toLowerCase(java.util.Locale.ROOT), "and through gRPC");

        SERVER.grpc().deletePayloadIndexAsync(c, "n", true, null, null).get();
        assertFalse(ok(SERVER.client().get("/collections/" + c)).get("payload_schema").has("n"));
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().deletePayloadIndexAsync(c, "n", true, null, null)
                .get()), "no such index");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createPayloadIndexAsync(c, "", PayloadSchemaType
                .Keyword, null, true, null, null).get()), "an empty field name");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createPayloadIndexAsync(c, "n",
                PayloadSchemaType.Keyword, Collections.PayloadIndexParams.newBuilder().setIntegerIndexParams(
                        Collections.IntegerIndexParams.newBuilder().setLookup(true)).build(), true, null, null).get()),
                "integer parameters on a keyword index");
    }

    @Test
    void shardKeysRouteWritesAndReads() throws Exception {
        String c = AtollServerExtension.collection("grpc_keys");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "sharding_method", "custom"));
        ok(SERVER.client().put("/collections/" + c + "/shards", Map.of("shard_key", "eu")));
        ok(SERVER.client().put("/collections/" + c + "/shards", Map.of("shard_key", 7)));
        SERVER.grpc().upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName(c).setWait(true)
                .setShardKeySelector(shardKeySelector("eu")).addPoints(PointStruct.newBuilder().setId(id(1))
                        .setVectors(io.qdrant.client.VectorsFactory.vectors(1f, 0f))).build()).get();
        SERVER.grpc().upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName(c).setWait(true)
                .setShardKeySelector(shardKeySelector(shardKey(7))).addPoints(PointStruct.newBuilder().setId(id(2))
                        .setVectors(io.qdrant.client.VectorsFactory.vectors(0f, 1f))).build()).get();
        JsonNode eu = ok(SERVER.client().post("/collections/" + c + "/points/scroll", Map.of("shard_key", "eu")))
                .get("points");
        assertEquals(1, eu.size());
        assertEquals(1, eu.get(0).get("id").asInt());
        Points.ScrollResponse seven = SERVER.grpc().scrollAsync(Points.ScrollPoints.newBuilder().setCollectionName(c)
                .setShardKeySelector(shardKeySelector(shardKey(7))).build()).get();
        assertEquals(1, seven.getResultCount());
        assertEquals(2, seven.getResult(0).getId().getNum());
        assertEquals(7, seven.getResult(0).getShardKey().getNumber(), "the key a point was read under");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().upsertAsync(c, List.of(PointStruct.newBuilder()
                .setId(id(3)).setVectors(io.qdrant.client.VectorsFactory.vectors(1f, 1f)).build())).get()),
                "a keyed collection needs a key on write");
    }

    @Test
    void conditionalUpsertsKeepTheirModeAndFilter() throws Exception {
        String c = loaded("grpc_conditional");
        SERVER.grpc().upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName(c).setWait(true)
                .setUpdateMode(Points.UpdateMode.InsertOnly).addPoints(PointStruct.newBuilder().setId(id(1))
                        .setVectors(namedVectors(Map.of("a", vector(5f, 5f)))).putPayload("city", value("Rome")))
                .addPoints(PointStruct.newBuilder().setId(id(8)).setVectors(namedVectors(Map.of("a", vector(5f, 5f)))))
                .build()).get();
        assertEquals("Berlin", point(c, 1).at("/payload/city").asText(), "insert-only leaves point 1 alone");
        assertEquals(7, count(c), "and inserts point 8");
        SERVER.grpc().upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName(c).setWait(true)
                .setUpdateFilter(city("Paris")).addPoints(PointStruct.newBuilder().setId(id(2))
                        .setVectors(namedVectors(Map.of("a", vector(5f, 5f)))).putPayload("city", value("Rome")))
                .addPoints(PointStruct.newBuilder().setId(id(4)).setVectors(namedVectors(Map.of("a", vector(5f, 5f))))
                        .putPayload("city", value("Rome"))).build()).get();
        assertEquals("Berlin", point(c, 2).at("/payload/city").asText(), "2 is in Berlin: not updated");
        assertEquals("Rome", point(c, 4).at("/payload/city").asText(), "4 was in Paris: updated");
    }

    @Test
    void badUpdatesAreRefusedWithNothingChanged() throws Exception {
        String c = loaded("grpc_bad_updates");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().setPayloadAsync(Points.SetPayloadPoints
                .newBuilder().setCollectionName(c).putPayload("x", value(1)).build(), null).get()),
                "neither ids nor a filter");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().updateVectorsAsync(c, List.of(Points.PointVectors
                .newBuilder().setId(id(1)).setVectors(namedVectors(Map.of("c", vector(1f, 1f)))).build()), true, null,
                null).get()), "an unknown vector name");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().updateVectorsAsync(c, List.of(Points.PointVectors
                .newBuilder().setId(id(1)).setVectors(namedVectors(Map.of("a", vector(Float.NaN, 1f)))).build()),
                true, null, null).get()), "NaN");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().deleteAsync(c + "_missing", List.of(id(1))).get()));
        assertEquals(6, count(c));
        assertEquals(1.0, point(c, 1).at("/vector/a/0").asDouble(), 1e-6);
    }
}
