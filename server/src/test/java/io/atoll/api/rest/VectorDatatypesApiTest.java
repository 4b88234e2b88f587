package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Vector datatypes (issue 18): {@code float16} and {@code uint8} vectors are created, shown, and hold every value
 * in their type's precision and range, as Qdrant keeps them (a uint8 value cut to an integer and held within 0 to
 * 255, a float16 value rounded to half precision); searches score the held values.
 */
class VectorDatatypesApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    @Test
    void valuesTakeTheirDatatypesPrecisionAndRange() {
        String c = AtollServerExtension.collection("datatypes");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of(
                "half", Map.of("size", 3, "distance", "Dot", "datatype", "float16"),
                "bytes", Map.of("size", 3, "distance", "Euclid", "datatype", "uint8"),
                "full", Map.of("size", 3, "distance", "Dot", "datatype", "float32"))));
        JsonNode vectors = new QdrantApi(client()).info(c).at("/config/params/vectors");
        assertEquals("float16", vectors.at("/half/datatype").asText());
        assertEquals("uint8", vectors.at("/bytes/datatype").asText());
        assertFalse(vectors.get("full").has("datatype"), "float32 is the default, shown as Qdrant shows it");

        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(Map.of("id", 1,
                "vector", Map.of("half", List.of(0.1, 1000.3, -2.5), "bytes", List.of(3.9, -7, 300),
                        "full", List.of(0.1, 1000.3, -2.5)))))));
        JsonNode v = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(1), "with_vector",
                true))).get(0).get("vector");
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(0.1f)), (float) v.at("/half/0").asDouble());
        assertEquals(1000.5f, (float) v.at("/half/1").asDouble(), "half precision has steps of 0.5 near 1000");
        assertEquals(-2.5f, (float) v.at("/half/2").asDouble());
        assertEquals(List.of(3.0, 0.0, 255.0), List.of(v.at("/bytes/0").asDouble(), v.at("/bytes/1").asDouble(),
                v.at("/bytes/2").asDouble()));
        assertEquals(0.1f, (float) v.at("/full/0").asDouble(), "float32 keeps the value");

        JsonNode hit = ok(client().post("/collections/" + c + "/points/query", Map.of("query", List.of(3, 0, 255),
                "using", "bytes", "limit", 1))).at("/points/0");
        assertEquals(0.0, hit.get("score").asDouble(), 1e-6, "searched on the held values: an exact match");

        error(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(Map.of("id", 2,
                "vector", Map.of("half", List.of(70000, 0, 0), "bytes", List.of(1, 2, 3), "full",
                        List.of(1, 2, 3)))))), 400, "out of the float16 range");
        assertEquals(1, ok(client().post("/collections/" + c + "/points/count", Map.of())).get("count").asInt());
    }

    @Test
    void unknownDatatypesAreRefused() {
        String c = AtollServerExtension.collection("datatype_bad");
        error(client().put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot",
                "datatype", "float64"))), 400, "unknown variant `float64`");
        error(client().put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot",
                "datatype", "turbo4"))), 400, "turbo4", "not supported");
        error(client().put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot",
                "datatype", 16))), 400, "datatype");
        assertEquals(404, client().get("/collections/" + c).status(), "nothing was created");
    }
}
