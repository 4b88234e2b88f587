package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.multiVector;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.grpc.Status;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.UpdateStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client writing and reading points through gRPC against a real Atoll node (
 * upsert, get and count), each checked against REST, the other way round too.
 */
class QdrantJavaClientPointsTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    private static String collection(String prefix, Object vectors) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", vectors));
        return c;
    }

    @Test
    void pointsWrittenThroughGrpcAreReadThroughBothApis() throws Exception {
        String c = collection("grpc_points", Map.of("size", 3, "distance", "Dot"));
        UUID uuid = UUID.randomUUID();
        assertEquals(UpdateStatus.Completed, SERVER.grpc().upsertAsync(c, List.of(
                PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1f, 0f, 0f))
                        .putPayload("city", value("Berlin")).putPayload("n", value(7))
                        .putPayload("tags", value(List.of(value("a"), value("b")))).build(),
                PointStruct.newBuilder().setId(id(uuid)).setVectors(vectors(0f, 1f, 0f)).build(),
                PointStruct.newBuilder().setId(Common.PointId.newBuilder().setNum(-1L)).setVectors(vectors(0f, 0f, 1f))
                        .build())).get().getStatus());
        assertEquals(3, SERVER.grpc().countAsync(c).get());

        JsonNode rest = ok(SERVER.client().post("/collections/" + c + "/points", Map.of("ids", List.of(1),
                "with_vector", true))).get(0);
        assertEquals("Berlin", rest.at("/payload/city").asText());
        assertEquals(7, rest.at("/payload/n").asLong());
        assertEquals("b", rest.at("/payload/tags/1").asText());
        assertEquals(1.0, rest.at("/vector/0").asDouble(), 1e-6);
        assertEquals("18446744073709551615", ok(SERVER.client().get("/collections/" + c + "/points/18446744073709551615"))
                .get("id").asText(), "the largest u64 id, sent as a long's bits");

        ok(SERVER.client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 9, "vector", List.of(0.5, 0.5, 0), "payload", Map.of("from", "rest", "x", 1.5))))));
        List<RetrievedPoint> got = SERVER.grpc().retrieveAsync(c, List.of(id(9), id(uuid), id(404)), true, true, null).get();
        assertEquals(2, got.size(), "a missing id is left out");
        RetrievedPoint nine = got.stream().filter(p -> p.getId().getNum() == 9).findFirst().orElseThrow();
        assertEquals("rest", nine.getPayloadMap().get("from").getStringValue());
        assertEquals(1.5, nine.getPayloadMap().get("x").getDoubleValue(), 1e-9);
        assertEquals(List.of(0.5f, 0.5f, 0f), nine.getVectors().getVector().getDense().getDataList());
        RetrievedPoint bare = SERVER.grpc().retrieveAsync(c, List.of(id(uuid)), false, false, null).get().getFirst();
        assertEquals(uuid.toString(), bare.getId().getUuid());
        assertTrue(bare.getPayloadMap().isEmpty());
        assertFalse(bare.hasVectors());
    }

    @Test
    void namedVectorsGoBothWays() throws Exception {
        String c = collection("grpc_named_points", Map.of("text", Map.of("size", 2, "distance", "Dot"),
                "image", Map.of("size", 3, "distance", "Euclid")));
        SERVER.grpc().upsertAsync(c, List.of(PointStruct.newBuilder().setId(id(5)).setVectors(namedVectors(Map.of(
                "text", vector(1f, 2f), "image", vector(3f, 4f, 5f)))).build())).get();
        RetrievedPoint p = SERVER.grpc().retrieveAsync(c, List.of(id(5)), false, true, null).get().getFirst();
        assertEquals(List.of(3f, 4f, 5f), p.getVectors().getVectors().getVectorsMap().get("image").getDense()
                .getDataList());
        assertEquals(2.0, ok(SERVER.client().get("/collections/" + c + "/points/5")).at("/vector/text/1").asDouble(),
                1e-6);
    }

    @Test
    void sparseVectorsAndMultivectorsGoBothWays() throws Exception {
        String c = AtollServerExtension.collection("grpc_sparse_points");
        SERVER.grpc().createCollectionAsync(Collections.CreateCollection.newBuilder().setCollectionName(c)
                .setVectorsConfig(Collections.VectorsConfig.newBuilder().setParamsMap(Collections.VectorParamsMap
                        .newBuilder().putMap("m", Collections.VectorParams.newBuilder().setSize(2)
                                .setDistance(Collections.Distance.Dot).setMultivectorConfig(Collections
                                        .MultiVectorConfig.newBuilder().setComparator(Collections.MultiVectorComparator
                                                .MaxSim)).build())))
                .setSparseVectorsConfig(Collections.SparseVectorConfig.newBuilder().putMap("s", Collections
                        .SparseVectorParams.newBuilder().setModifier(Collections.Modifier.Idf).build()))
                .build()).get();
        Collections.CollectionParams params = SERVER.grpc().getCollectionInfoAsync(c).get().getConfig().getParams();
        assertEquals(Collections.Modifier.Idf, params.getSparseVectorsConfig().getMapMap().get("s").getModifier());
        assertTrue(params.getVectorsConfig().getParamsMap().getMapMap().get("m").hasMultivectorConfig());
        assertEquals("idf", ok(SERVER.client().get("/collections/" + c)).at("/config/params/sparse_vectors/s/modifier")
                .asText());

        SERVER.grpc().upsertAsync(c, List.of(PointStruct.newBuilder().setId(id(1)).setVectors(namedVectors(Map.of(
                "s", vector(List.of(0.5f, 2f), List.of(7, -1)),
                "m", multiVector(new float[][] {{1f, 2f}, {3f, 4f}})))).build())).get();
        RetrievedPoint p = SERVER.grpc().retrieveAsync(c, List.of(id(1)), false, true, null).get().getFirst();
        Points.VectorOutput sparse = p.getVectors().getVectors().getVectorsMap().get("s");
        assertEquals(List.of(7, -1), sparse.getSparse().getIndicesList(), "4294967295 as a u32's bits");
        assertEquals(List.of(0.5f, 2f), sparse.getSparse().getValuesList());
        assertEquals(List.of(3f, 4f), p.getVectors().getVectors().getVectorsMap().get("m").getMultiDense()
                .getVectors(1).getDataList());
        assertEquals(RestClient.parse("{\"s\": {\"indices\": [7, 4294967295], \"values\": [0.5, 2.0]}, "
                + "\"m\": [[1.0, 2.0], [3.0, 4.0]]}"), ok(SERVER.client().get("/collections/" + c + "/points/1"))
                .get("vector"));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().upsertAsync(c, List.of(PointStruct
                .newBuilder().setId(id(2)).setVectors(namedVectors(Map.of("m", vector(List.of(1f), List.of(1)))))
                .build())).get()), "a sparse vector for a multivector name");

        // beside a collection's unnamed vector, sparse vectors come back by name, the unnamed one as ""
        String single = collection("grpc_sparse_single", Map.of("size", 2, "distance", "Dot"));
        ok(SERVER.client().put("/collections/" + single + "/vectors/s", Map.of("sparse", Map.of())));
        SERVER.grpc().upsertAsync(single, List.of(PointStruct.newBuilder().setId(id(1)).setVectors(namedVectors(Map.of(
                "", vector(1f, 2f), "s", vector(List.of(3f), List.of(4))))).build())).get();
        Map<String, Points.VectorOutput> both = SERVER.grpc().retrieveAsync(single, List.of(id(1)), false, true, null)
                .get().getFirst().getVectors().getVectors().getVectorsMap();
        assertEquals(List.of(1f, 2f), both.get("").getDense().getDataList());
        assertEquals(List.of(4), both.get("s").getSparse().getIndicesList());

        // searched through the client's own query forms
        SERVER.grpc().upsertAsync(c, List.of(PointStruct.newBuilder().setId(id(3)).setVectors(namedVectors(Map.of(
                "s", vector(List.of(1f), List.of(7)), "m", multiVector(new float[][] {{0f, 1f}})))).build())).get();
        List<Points.ScoredPoint> bySparse = SERVER.grpc().queryAsync(Points.QueryPoints.newBuilder()
                .setCollectionName(c).setUsing("s").setQuery(QueryFactory.nearest(List.of(2f), List.of(7))).build())
                .get();
        assertEquals(List.of(3L, 1L), bySparse.stream().map(p2 -> p2.getId().getNum()).toList());
        float idf = (float) Math.log((2 - 2 + 0.5) / (2 + 0.5) + 1); // both points hold dimension 7
        assertEquals(2f * idf * 1f, bySparse.get(0).getScore(), 1e-5, "point 3's weight 1, IDF-weighted");
        assertEquals(2f * idf * 0.5f, bySparse.get(1).getScore(), 1e-5, "point 1's weight 0.5");
        List<Points.ScoredPoint> byMulti = SERVER.grpc().queryAsync(Points.QueryPoints.newBuilder()
                .setCollectionName(c).setUsing("m").setQuery(QueryFactory.nearest(new float[][] {{1f, 0f}, {0f, 1f}}))
                .build()).get();
        assertEquals(1L, byMulti.get(0).getId().getNum());
        assertEquals(3f + 4f, byMulti.get(0).getScore(), 1e-5, "max_sim: 3 (1·3) + 4 (1·4)");
    }

    @Test
    void badPointRequestsAreRefusedWithNothingWritten() throws Exception {
        String c = collection("grpc_bad_points", Map.of("size", 2, "distance", "Dot"));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().upsertAsync(c, List.of(
                PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1f, 0f)).build(),
                PointStruct.newBuilder().setId(id(2)).setVectors(vectors(1f, 0f, 0f)).build())).get()),
                "a wrong dimension refuses the whole request");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().upsertAsync(c, List.of(
                PointStruct.newBuilder().setId(id(3)).setVectors(vectors(Float.NaN, 0f)).build())).get()), "NaN");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().upsertAsync(c, List.of(
                PointStruct.newBuilder().setId(id(4)).setVectors(vectors(vector(List.of(1f, 2f), List.of(0, 1))))
                        .build())).get()), "a sparse vector is refused by name, not misread");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().countAsync(c + "_missing").get()));
        assertEquals(0, SERVER.grpc().countAsync(c).get());
    }
}
