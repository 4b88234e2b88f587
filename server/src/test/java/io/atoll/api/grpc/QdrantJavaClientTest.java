package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import com.fasterxml.jackson.databind.JsonNode;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CollectionParamsDiff;
import io.qdrant.client.grpc.Collections.BinaryQuantization;
import io.qdrant.client.grpc.Collections.BinaryQuantizationEncoding;
import io.qdrant.client.grpc.Collections.CompressionRatio;
import io.qdrant.client.grpc.Collections.Disabled;
import io.qdrant.client.grpc.Collections.ProductQuantization;
import io.qdrant.client.grpc.Collections.QuantizationConfig;
import io.qdrant.client.grpc.Collections.QuantizationConfigDiff;
import io.qdrant.client.grpc.Collections.QuantizationType;
import io.qdrant.client.grpc.Collections.ScalarQuantization;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.Collections.VectorParamsDiff;
import io.qdrant.client.grpc.Collections.VectorsConfigDiff;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.Points.QuantizationSearchParams;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client ({@code io.qdrant:client}, gRPC) against a real Atoll node: what issue 17 has built
 * so far, the health check and qdrant.Collections' list, exists, create, get and delete, in step with REST.
 */
class QdrantJavaClientTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    @Test
    void healthCheckAnswersTheQdrantApiVersion() throws Exception {
        HealthCheckReply reply = SERVER.grpc().healthCheckAsync().get();
        assertEquals("atoll - vector search engine", reply.getTitle());
        assertEquals("1.19.0", reply.getVersion());
        assertTrue(reply.getCommit().matches("[0-9a-f]{40}"), reply::toString);
    }

    @Test
    void collectionsCreatedThroughRestAreListedFoundAndDropped() throws Exception {
        String c = AtollServerExtension.collection("grpc_list");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertTrue(SERVER.grpc().listCollectionsAsync().get().contains(c));
        assertTrue(SERVER.grpc().collectionExistsAsync(c).get());

        assertTrue(SERVER.grpc().deleteCollectionAsync(c).get().getResult());
        assertFalse(SERVER.grpc().collectionExistsAsync(c).get());
        assertFalse(ok(SERVER.client().get("/collections/" + c + "/exists")).get("exists").asBoolean(),
                "gone for REST too");
        // Dropping it again answers false, as Qdrant does; the client turns a false into its own exception.
        assertFalse(SERVER.grpc().grpcClient().collections().delete(DeleteCollection.newBuilder().setCollectionName(c)
                .build()).get().getResult());
        ExecutionException again = assertThrows(ExecutionException.class, () -> SERVER.grpc().deleteCollectionAsync(c).get());
        assertTrue(again.getCause().getMessage().contains("could not be deleted"), again::toString);
        assertFalse(SERVER.grpc().listCollectionsAsync().get().contains(c));
    }

    @Test
    void aMissingCollectionNameIsAnInvalidArgument() {
        // the client checks names itself, so the request goes through its stub as another client would send it
        ExecutionException e = assertThrows(ExecutionException.class, () -> SERVER.grpc().grpcClient().collections()
                .collectionExists(CollectionExistsRequest.newBuilder().build()).get());
        StatusRuntimeException s = assertInstanceOf(StatusRuntimeException.class, e.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getStatus().getCode());
        assertTrue(s.getStatus().getDescription().contains("collection_name"), s::toString);
    }

    @Test
    void collectionsCreatedThroughGrpcAreDescribedAsRestDescribesThem() throws Exception {
        String single = AtollServerExtension.collection("grpc_single");
        SERVER.grpc().createCollectionAsync(single, VectorParams.newBuilder().setSize(4).setDistance(Distance.Cosine)
                .build()).get();
        CollectionInfo info = SERVER.grpc().getCollectionInfoAsync(single).get();
        assertEquals(4, info.getConfig().getParams().getVectorsConfig().getParams().getSize());
        assertEquals(Distance.Cosine, info.getConfig().getParams().getVectorsConfig().getParams().getDistance());
        assertEquals(0, info.getPointsCount());
        JsonNode rest = new QdrantApi(SERVER.client()).info(single);
        assertEquals(4, rest.at("/config/params/vectors/size").asInt());
        assertEquals(rest.at("/config/params/shard_number").asInt(), info.getConfig().getParams().getShardNumber());
        assertEquals(rest.at("/config/hnsw_config/m").asLong(), info.getConfig().getHnswConfig().getM());

        String named = AtollServerExtension.collection("grpc_named");
        SERVER.grpc().createCollectionAsync(CreateCollection.newBuilder().setCollectionName(named)
                .setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                        .putMap("text", VectorParams.newBuilder().setSize(3).setDistance(Distance.Dot).build())
                        .putMap("image", VectorParams.newBuilder().setSize(2).setDistance(Distance.Euclid)
                                .setHnswConfig(HnswConfigDiff.newBuilder().setM(8)).build())))
                .setShardNumber(2).setReplicationFactor(1)
                .putMetadata("model", Value.newBuilder().setStringValue("minilm").build())
                .build()).get();
        CollectionInfo n = SERVER.grpc().getCollectionInfoAsync(named).get();
        assertEquals(2, n.getConfig().getParams().getShardNumber());
        assertEquals(8, n.getConfig().getParams().getVectorsConfig().getParamsMap().getMapOrThrow("image")
                .getHnswConfig().getM());
        assertEquals("minilm", new QdrantApi(SERVER.client()).info(named).at("/config/metadata/model").asText());
    }

    @Test
    void badCollectionRequestsGetQdrantsStatusCodes() {
        String c = AtollServerExtension.collection("grpc_bad");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createCollectionAsync(c,
                VectorParams.newBuilder().setSize(0).setDistance(Distance.Dot).build()).get()), "size 0");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createCollectionAsync(c,
                VectorParams.newBuilder().setSize(2).build()).get()), "no distance");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createCollectionAsync(CreateCollection
                .newBuilder().setCollectionName(c).setVectorsConfig(VectorsConfig.newBuilder().setParams(
                        VectorParams.newBuilder().setSize(2).setDistance(Distance.Dot)))
                .setQuantizationConfig(QuantizationConfig.newBuilder().setScalar(ScalarQuantization.newBuilder()
                        .setType(QuantizationType.UnknownQuantization))).build()).get()),
                "a quantization type the server does not know");
        assertFalse(ok(SERVER.client().get("/collections/" + c + "/exists")).get("exists").asBoolean(),
                "nothing was created");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().getCollectionInfoAsync(c).get()));
        String taken = AtollServerExtension.collection("grpc_taken");
        new QdrantApi(SERVER.client()).createCollection(taken, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> SERVER.grpc().createCollectionAsync(taken,
                VectorParams.newBuilder().setSize(2).setDistance(Distance.Dot).build()).get()));
    }

    @Test
    void collectionsAreUpdatedAsThroughRest() throws Exception {
        String c = AtollServerExtension.collection("grpc_update");
        SERVER.grpc().createCollectionAsync(CreateCollection.newBuilder().setCollectionName(c)
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setSize(2)
                        .setDistance(Distance.Dot)))
                .setOptimizersConfig(OptimizersConfigDiff.newBuilder().setIndexingThreshold(1000)).build()).get();
        SERVER.grpc().updateCollectionAsync(UpdateCollection.newBuilder().setCollectionName(c)
                .setParams(CollectionParamsDiff.newBuilder().setWriteConsistencyFactor(1).setOnDiskPayload(true))
                .setHnswConfig(HnswConfigDiff.newBuilder().setEfConstruct(77))
                .setOptimizersConfig(OptimizersConfigDiff.newBuilder().setMaxSegmentSize(5000))
                .setVectorsConfig(VectorsConfigDiff.newBuilder().setParams(VectorParamsDiff.newBuilder()
                        .setOnDisk(true)))
                .putMetadata("owner", Value.newBuilder().setStringValue("search-team").build()).build()).get();
        JsonNode rest = new QdrantApi(SERVER.client()).info(c);
        assertTrue(rest.at("/config/params/on_disk_payload").asBoolean());
        assertEquals(77, rest.at("/config/hnsw_config/ef_construct").asInt());
        assertEquals(1000, rest.at("/config/optimizer_config/indexing_threshold").asInt(), "the diff keeps the rest");
        assertEquals(5000, rest.at("/config/optimizer_config/max_segment_size").asInt());
        assertTrue(rest.at("/config/params/vectors/on_disk").asBoolean());
        assertEquals("search-team", rest.at("/config/metadata/owner").asText());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().updateCollectionAsync(UpdateCollection
                .newBuilder().setCollectionName(c).setParams(CollectionParamsDiff.newBuilder()
                        .setReplicationFactor(0)).build()).get()), "a replication factor of 0");
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().updateCollectionAsync(UpdateCollection.newBuilder()
                .setCollectionName(c + "_missing").build()).get()));
    }

    @Test
    void quantizationIsConfiguredChangedAndUsedAsThroughRest() throws Exception {
        String c = AtollServerExtension.collection("grpc_quantized");
        SERVER.grpc().createCollectionAsync(CreateCollection.newBuilder().setCollectionName(c)
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setSize(2)
                        .setDistance(Distance.Euclid).setQuantizationConfig(QuantizationConfig.newBuilder()
                                .setProduct(ProductQuantization.newBuilder().setCompression(CompressionRatio.x16)))))
                .setQuantizationConfig(QuantizationConfig.newBuilder().setBinary(BinaryQuantization.newBuilder()
                        .setEncoding(BinaryQuantizationEncoding.TwoBits).setAlwaysRam(true))).build()).get();
        CollectionInfo info = SERVER.grpc().getCollectionInfoAsync(c).get();
        assertEquals(CollectionStatus.Green, info.getStatus(), "empty: nothing to optimize");
        assertTrue(info.getOptimizerStatus().getOk());
        assertEquals(BinaryQuantizationEncoding.TwoBits, info.getConfig().getQuantizationConfig().getBinary()
                .getEncoding());
        assertEquals(CompressionRatio.x16, info.getConfig().getParams().getVectorsConfig().getParams()
                .getQuantizationConfig().getProduct().getCompression());
        SERVER.grpc().updateCollectionAsync(UpdateCollection.newBuilder().setCollectionName(c)
                .setQuantizationConfig(QuantizationConfigDiff.newBuilder().setScalar(ScalarQuantization.newBuilder()
                        .setType(QuantizationType.Int8).setQuantile(0.99f))).build()).get();
        JsonNode rest = new QdrantApi(SERVER.client()).info(c);
        assertEquals(0.99, rest.at("/config/quantization_config/scalar/quantile").asDouble(), 1e-9);
        assertEquals("x16", rest.at("/config/params/vectors/quantization_config/product/compression").asText());
        SERVER.grpc().updateCollectionAsync(UpdateCollection.newBuilder().setCollectionName(c)
                .setQuantizationConfig(QuantizationConfigDiff.newBuilder().setDisabled(Disabled.getDefaultInstance()))
                .build()).get();
        assertTrue(new QdrantApi(SERVER.client()).info(c).at("/config/quantization_config").isNull());
        new QdrantApi(SERVER.client()).upsert(c, List.of(Map.of("id", 1, "vector", List.of(0, 0)),
                Map.of("id", 2, "vector", List.of(3, 4))));
        List<ScoredPoint> hits = SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(c)
                .addAllVector(List.of(3f, 4f)).setLimit(1).setParams(SearchParams.newBuilder().setQuantization(
                        QuantizationSearchParams.newBuilder().setRescore(true).setOversampling(2.0))).build()).get();
        assertEquals(2, hits.get(0).getId().getNum());
        assertEquals(0f, hits.get(0).getScore(), 1e-6, "rescored: the exact Euclidean distance");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(3f, 4f)).setLimit(1).setParams(SearchParams.newBuilder()
                        .setQuantization(QuantizationSearchParams.newBuilder().setOversampling(0.5))).build()).get()));
    }

    @Test
    void aliasesAreCreatedRenamedListedAndDeleted() throws Exception {
        String c = AtollServerExtension.collection("grpc_alias_target");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        String alias = c + "_a";
        SERVER.grpc().createAliasAsync(alias, c).get();
        assertEquals(java.util.List.of(alias), SERVER.grpc().listCollectionAliasesAsync(c).get());
        assertEquals(c, ok(SERVER.client().get("/collections/" + c + "/aliases")).at("/aliases/0/collection_name")
                .asText());
        assertEquals(2, SERVER.grpc().getCollectionInfoAsync(alias).get().getConfig().getParams().getVectorsConfig()
                .getParams().getSize(), "an alias reads as its collection");
        SERVER.grpc().renameAliasAsync(alias, alias + "2").get();
        assertTrue(SERVER.grpc().listAliasesAsync().get().stream().anyMatch(a -> a.getAliasName().equals(alias + "2")
                && a.getCollectionName().equals(c)));
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().createAliasAsync(alias, c + "_missing").get()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().updateAliasesAsync(java.util.List.of(
                AliasOperations.getDefaultInstance())).get()), "an action without a kind");
        SERVER.grpc().deleteAliasAsync(alias + "2").get();
        assertTrue(SERVER.grpc().listCollectionAliasesAsync(c).get().isEmpty());
    }
}
