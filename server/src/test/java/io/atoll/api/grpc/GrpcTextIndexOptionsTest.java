package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.ConditionFactory.matchText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A text index's options given through gRPC (Qdrant's Java client) apply as through REST, and are checked alike. */
class GrpcTextIndexOptionsTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    private static long count(String c, String text) throws Exception {
        return SERVER.grpc().countAsync(c, Filter.newBuilder().addMust(matchText("desc", text)).build(), true).get();
    }

    private static Collections.PayloadIndexParams text(Collections.TextIndexParams.Builder t) {
        return Collections.PayloadIndexParams.newBuilder().setTextIndexParams(t).build();
    }

    @Test
    void stopWordsStemmingAndThePrefixTokenizerApply() throws Exception {
        String c = AtollServerExtension.collection("grpc_text_opts");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        List<Map<String, Object>> points = new ArrayList<>();
        String[] descs = {"the runner runs", "running shoes", "a Vectorized café"};
        for (int i = 0; i < descs.length; i++) {
            points.add(Map.of("id", i + 1, "vector", List.of(1, 0), "payload", Map.of("desc", descs[i])));
        }
        ok(SERVER.client().put("/collections/" + c + "/points?wait=true", Map.of("points", points)));

        SERVER.grpc().createPayloadIndexAsync(c, "desc", PayloadSchemaType.Text, text(Collections.TextIndexParams
                .newBuilder().setTokenizer(Collections.TokenizerType.Word)
                .setStopwords(Collections.StopwordsSet.newBuilder().addLanguages("english").addCustom("shoes"))
                .setStemmer(Collections.StemmingAlgorithm.newBuilder().setSnowball(
                        Collections.SnowballParams.newBuilder().setLanguage("english")))
                .setAsciiFolding(true)), true, null, null).get();
        assertEquals(2, count(c, "run"), "stemmed: runs and running");
        assertEquals(0, count(c, "the shoes"), "stop words only");
        assertEquals(1, count(c, "cafe"), "folded");

        SERVER.grpc().createPayloadIndexAsync(c, "desc", PayloadSchemaType.Text, text(Collections.TextIndexParams
                .newBuilder().setTokenizer(Collections.TokenizerType.Prefix).setMinTokenLen(2)), true, null, null)
                .get();
        assertEquals(2, count(c, "Run"), "runner and running start with run");
        assertEquals(1, count(c, "vec"));
        assertEquals(0, count(c, "v"), "shorter than min_token_len");

        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createPayloadIndexAsync(c, "desc",
                PayloadSchemaType.Text, text(Collections.TextIndexParams.newBuilder().setStopwords(
                        Collections.StopwordsSet.newBuilder().addLanguages("klingon"))), true, null, null).get()));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> SERVER.grpc().createPayloadIndexAsync(c, "desc",
                PayloadSchemaType.Text, text(Collections.TextIndexParams.newBuilder().setMinTokenLen(4)
                        .setMaxTokenLen(2)), true, null, null).get()));
    }
}
