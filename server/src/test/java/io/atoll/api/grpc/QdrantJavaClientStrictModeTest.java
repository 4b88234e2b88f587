package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParamsDiff;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.StrictModeConfig;
import io.qdrant.client.grpc.Collections.StrictModeMultivector;
import io.qdrant.client.grpc.Collections.StrictModeMultivectorConfig;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strict mode and read fan-out through Qdrant's Java client (gRPC): set at creation and by updates, shown back in
 * both APIs, and enforced on gRPC's requests as on REST's (INVALID_ARGUMENT with Qdrant's message).
 */
class QdrantJavaClientStrictModeTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    @Test
    void strictModeSetThroughGrpcIsShownAndEnforced() throws Exception {
        String c = AtollServerExtension.collection("grpc_strict");
        SERVER.grpc().createCollectionAsync(CreateCollection.newBuilder().setCollectionName(c)
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setSize(2)
                        .setDistance(Distance.Dot)))
                .setStrictModeConfig(StrictModeConfig.newBuilder().setEnabled(true).setMaxQueryLimit(3)
                        .setSearchAllowExact(false).setMultivectorConfig(StrictModeMultivectorConfig.newBuilder()
                                .putMultivectorConfig("colbert", StrictModeMultivector.newBuilder()
                                        .setMaxVectors(8).build())))
                .build()).get();
        JsonNode rest = new QdrantApi(SERVER.client()).info(c).at("/config/strict_mode_config");
        assertTrue(rest.get("enabled").asBoolean());
        assertEquals(3, rest.get("max_query_limit").asInt());
        assertEquals(8, rest.at("/multivector_config/colbert/max_vectors").asInt());

        SERVER.grpc().updateCollectionAsync(UpdateCollection.newBuilder().setCollectionName(c)
                .setStrictModeConfig(StrictModeConfig.newBuilder().setMaxTimeout(5))
                .setParams(CollectionParamsDiff.newBuilder().setReadFanOutFactor(2).setReadFanOutDelayMs(15))
                .build()).get();
        CollectionInfo info = SERVER.grpc().getCollectionInfoAsync(c).get();
        StrictModeConfig shown = info.getConfig().getStrictModeConfig();
        assertTrue(shown.getEnabled());
        assertEquals(3, shown.getMaxQueryLimit(), "the update merged");
        assertEquals(5, shown.getMaxTimeout());
        assertFalse(shown.getSearchAllowExact());
        assertEquals(8, shown.getMultivectorConfig().getMultivectorConfigMap().get("colbert").getMaxVectors());
        assertEquals(2, info.getConfig().getParams().getReadFanOutFactor());
        assertEquals(15, info.getConfig().getParams().getReadFanOutDelayMs());

        assertTrue(SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(c)
                .addAllVector(List.of(1f, 0f)).setLimit(3).build()).get().isEmpty(), "within the limit");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(1f, 0f)).setLimit(4).build()).get()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(1f, 0f)).setLimit(1)
                .setParams(SearchParams.newBuilder().setExact(true)).build()).get()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().searchAsync(SearchPoints.newBuilder()
                .setCollectionName(c).addAllVector(List.of(1f, 0f)).setLimit(1).setTimeout(6).build()).get()),
                "a timeout above max_timeout");
    }
}
