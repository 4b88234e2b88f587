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

/** Sparse vectors and multivectors through REST: declared, written, read back and refused as Qdrant does. */
class SparseAndMultiVectorsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final String CONFIG = """
            {"vectors": {"d": {"size": 2, "distance": "Dot"},
                         "m": {"size": 2, "distance": "Dot", "multivector_config": {"comparator": "max_sim"}}},
             "sparse_vectors": {"s": {"modifier": "idf", "index": {"on_disk": true, "datatype": "float16"}},
                                "t": {}}}""";

    private RestClient client() {
        return SERVER.client();
    }

    private String collection(String prefix, String config) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, RestClient.parse(config));
        return c;
    }

    private JsonNode params(String c) {
        return new QdrantApi(client()).info(c).path("config").path("params");
    }

    private RestClient.Response upsert(String c, String points) {
        return client().put("/collections/" + c + "/points?wait=true",
                RestClient.parse("{\"points\": " + points + "}"));
    }

    private JsonNode vectorOf(String c, Object id) {
        return ok(client().get("/collections/" + c + "/points/" + id)).get("vector");
    }

    @Test
    void collectionsDeclareSparseVectorsAndMultivectors() {
        String c = collection("sparse_config", CONFIG);
        assertEquals(RestClient.parse("""
                {"s": {"index": {"on_disk": true, "datatype": "float16"}, "modifier": "idf"}, "t": {}}"""),
                params(c).get("sparse_vectors"));
        assertEquals(RestClient.parse("{\"comparator\": \"max_sim\"}"),
                params(c).path("vectors").path("m").get("multivector_config"));
        assertFalse(params(c).path("vectors").path("d").has("multivector_config"));

        // PATCH is a diff: the modifier given replaces, the index settings merge one by one
        ok(client().patch("/collections/" + c, RestClient.parse("""
                {"sparse_vectors": {"t": {"modifier": "idf"}, "s": {"index": {"full_scan_threshold": 10}}}}""")));
        assertEquals(RestClient.parse("""
                {"s": {"index": {"on_disk": true, "datatype": "float16", "full_scan_threshold": 10}, "modifier": "idf"},
                 "t": {"modifier": "idf"}}"""), params(c).get("sparse_vectors"));
        error(client().patch("/collections/" + c, RestClient.parse("{\"sparse_vectors\": {\"x\": {}}}")), 400,
                "Not existing vector name error: x");

        // added and removed by name, as dense ones are
        String path = "/collections/" + c + "/vectors/u";
        ok(client().put(path, RestClient.parse("{\"sparse\": {\"modifier\": \"idf\"}}")));
        ok(client().put(path, RestClient.parse("{\"sparse\": {\"modifier\": \"idf\"}}")));
        error(client().put(path, RestClient.parse("{\"sparse\": {}}")), 400,
                "Sparse vector `u` already exists with a different configuration");
        error(client().put(path, RestClient.parse("{\"dense\": {\"size\": 2, \"distance\": \"Dot\"}}")), 400,
                "Vector `u` already exists as a sparse vector");
        error(client().put("/collections/" + c + "/vectors/m", RestClient.parse("""
                {"dense": {"size": 2, "distance": "Dot"}}""")), 400, "already exists with a different configuration");
        assertEquals("idf", params(c).path("sparse_vectors").path("u").path("modifier").asText());
        ok(client().delete(path));
        assertFalse(params(c).path("sparse_vectors").has("u"));
        ok(client().delete("/collections/" + c + "/vectors/t"));
        assertEquals(List.of("s"), fieldNames(params(c).get("sparse_vectors")));

        // a collection with a single unnamed vector takes sparse vectors beside it, as in Qdrant
        String single = collection("sparse_single", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}");
        assertFalse(params(single).has("sparse_vectors"), "shown only when there are some");
        ok(client().put("/collections/" + single + "/vectors/s", RestClient.parse("{\"sparse\": {}}")));
        assertEquals(RestClient.parse("{\"s\": {}}"), params(single).get("sparse_vectors"));
    }

    @Test
    void badConfigurationsGetQdrantsErrors() {
        String[][] cases = {
                {"{\"sparse_vectors\": {\"\": {}}}", "400", "Sparse vector name cannot be empty"},
                {"{\"vectors\": {\"a\": {\"size\": 2, \"distance\": \"Dot\"}}, \"sparse_vectors\": {\"a\": {}}}", "400",
                        "Dense and sparse vector names must be unique - duplicate found with 'a'"},
                {"{\"sparse_vectors\": {\"s\": {\"modifier\": \"bm25\"}}}", "400", "unknown variant `bm25`"},
                {"{\"sparse_vectors\": {\"s\": {\"modifier\": 1}}}", "400", "modifier"},
                {"{\"sparse_vectors\": {\"s\": {\"index\": {\"datatype\": \"turbo4\"}}}}", "422",
                        "sparse vectors do not support the `turbo4` datatype"},
                {"{\"sparse_vectors\": {\"s\": {\"index\": {\"full_scan_threshold\": -1}}}}", "400",
                        "full_scan_threshold"},
                {"{\"sparse_vectors\": {\"s\": {\"index\": {\"size\": 3}}}}", "400", "unknown field `size`"},
                {"{\"sparse_vectors\": [\"s\"]}", "400", "sparse_vectors"},
                {"{\"vectors\": {\"m\": {\"size\": 2, \"distance\": \"Dot\", \"multivector_config\": {}}}}", "400",
                        "missing field `comparator`"},
                {"{\"vectors\": {\"m\": {\"size\": 2, \"distance\": \"Dot\", \"multivector_config\": "
                        + "{\"comparator\": \"min_sim\"}}}}", "400", "unknown variant `min_sim`"},
        };
        for (String[] c : cases) {
            String name = AtollServerExtension.collection("bad_sparse_config");
            error(client().put("/collections/" + name, RestClient.parse(c[0])), Integer.parseInt(c[1]), c[2]);
            assertEquals(404, client().get("/collections/" + name).status(), "nothing created for " + c[0]);
        }
    }

    @Test
    void pointsCarrySparseAndMultiVectorsInQdrantsShapes() {
        String c = collection("sparse_points", CONFIG);
        ok(upsert(c, """
                [{"id": 1, "vector": {"d": [1, 0], "s": {"indices": [4294967295, 7, 0], "values": [0.5, 2, -1]},
                                      "m": [[1, 2], [3, 4]]}},
                 {"id": 2, "vector": {"m": [5, 6]}}]"""));
        // sorted by index; a dense vector given for a multivector name is a multivector of one
        assertEquals(RestClient.parse("""
                {"d": [1.0, 0.0], "s": {"indices": [0, 7, 4294967295], "values": [-1.0, 2.0, 0.5]},
                 "m": [[1.0, 2.0], [3.0, 4.0]]}"""), vectorOf(c, 1));
        assertEquals(RestClient.parse("{\"m\": [[5.0, 6.0]]}"), vectorOf(c, 2));
        JsonNode scrolled = ok(client().post("/collections/" + c + "/points/scroll", RestClient.parse("""
                {"with_vector": ["s"], "filter": {"must": [{"has_vector": "s"}]}}"""))).get("points");
        assertEquals(1, scrolled.size());
        assertEquals(List.of("s"), fieldNames(scrolled.get(0).get("vector")));

        // the batch form, then one vector replaced and one removed, the others kept
        ok(client().put("/collections/" + c + "/points?wait=true", RestClient.parse("""
                {"batch": {"ids": [3, 4], "vectors": {"t": [{"indices": [1], "values": [1]},
                                                             {"indices": [2, 3], "values": [1, 1]}],
                                                       "m": [[[1, 1]], [[2, 2], [3, 3]]]}}}""")));
        assertEquals(RestClient.parse("{\"t\": {\"indices\": [2, 3], \"values\": [1.0, 1.0]}, "
                + "\"m\": [[2.0, 2.0], [3.0, 3.0]]}"), vectorOf(c, 4));
        ok(client().put("/collections/" + c + "/points/vectors?wait=true", RestClient.parse("""
                {"points": [{"id": 1, "vector": {"s": {"indices": [9], "values": [3]}}}]}""")));
        ok(client().post("/collections/" + c + "/points/vectors/delete?wait=true", RestClient.parse("""
                {"points": [1], "vector": ["m"]}""")));
        assertEquals(RestClient.parse("{\"d\": [1.0, 0.0], \"s\": {\"indices\": [9], \"values\": [3.0]}}"),
                vectorOf(c, 1));
        assertEquals(3, new QdrantApi(client()).count(c, RestClient.parse("{\"must\": [{\"has_vector\": \"m\"}]}")),
                "points 2, 3 and 4");

        // an unnamed vector shows bare only when it is all there is to show
        String single = collection("sparse_single_points", """
                {"vectors": {"size": 2, "distance": "Dot"}, "sparse_vectors": {"s": {}}}""");
        ok(upsert(single, """
                [{"id": 1, "vector": {"": [1, 2], "s": {"indices": [1], "values": [1]}}},
                 {"id": 2, "vector": [3, 4]}]"""));
        assertEquals(RestClient.parse("{\"\": [1.0, 2.0], \"s\": {\"indices\": [1], \"values\": [1.0]}}"),
                vectorOf(single, 1));
        assertEquals(RestClient.parse("[3.0, 4.0]"), vectorOf(single, 2));
        String multi = collection("multi_single_points", """
                {"vectors": {"size": 2, "distance": "Euclid", "multivector_config": {"comparator": "max_sim"}}}""");
        ok(upsert(multi, "[{\"id\": 1, \"vector\": [[1, 2], [3, 4], [5, 6]]}]"));
        assertEquals(RestClient.parse("[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]"), vectorOf(multi, 1));
    }

    @Test
    void badVectorsAreRefusedWithQdrantsErrorsAndNothingIsWritten() {
        String c = collection("sparse_bad_points", CONFIG);
        String[][] cases = {
                {"{\"s\": {\"indices\": [1, 2], \"values\": [1]}}", "422", "Validation error in JSON body: "
                        + "[points[0].vector.?.values: Validation error: must be the same length as indices [{}]]"},
                {"{\"s\": {\"indices\": [1, 1], \"values\": [1, 2]}}", "422", "Validation error in JSON body: "
                        + "[points[0].vector.?.indices: Validation error: must be unique [{}]]"},
                {"{\"s\": {\"indices\": [-1], \"values\": [1]}}", "400", "indices[0]"},
                {"{\"s\": {\"indices\": [4294967296], \"values\": [1]}}", "400", "indices[0]"},
                {"{\"s\": {\"indices\": [1.5], \"values\": [1]}}", "400", "indices[0]"},
                {"{\"s\": {\"indices\": [1], \"values\": [\"x\"]}}", "400", "values[0]"},
                {"{\"s\": {\"indices\": [1], \"values\": [1e39]}}", "400", "finite"},
                {"{\"s\": {\"indices\": [1], \"values\": [1], \"weights\": [1]}}", "400", "unknown field `weights`"},
                {"{\"s\": {\"values\": [1]}}", "400", "missing field `indices`"},
                {"{\"s\": {\"indices\": [1], \"values\": [1e5]}}", "400", "float16"},
                {"{\"s\": [1, 2]}", "400", "Conversion between sparse and regular vectors failed"},
                {"{\"d\": {\"indices\": [1], \"values\": [1]}}", "400",
                        "Conversion between sparse and regular vectors failed"},
                {"{\"d\": [[1, 2]]}", "400", "Conversion between multi and regular vectors failed"},
                {"{\"m\": [[1, 2], [3]]}", "422",
                        "all vectors must have the same dimension, found vector with dimension 1"},
                {"{\"m\": [[1, 2, 3], [4, 5, 6]]}", "400", "Vector dimension error: expected dim: 2, got 3"},
                {"{\"m\": [[1, 2], [\"x\", 1]]}", "400", "m[1][0]"},
                {"{\"m\": [[[1]]]}", "400", "m[0][0]"},
                {"{\"x\": {\"indices\": [1], \"values\": [1]}}", "400", "Not existing vector name error: x"},
        };
        for (String[] k : cases) {
            error(upsert(c, "[{\"id\": 1, \"vector\": {\"d\": [1, 0]}}, {\"id\": 2, \"vector\": " + k[0] + "}]"),
                    Integer.parseInt(k[1]), k[2].replace("points[0]", "points[1]"));
        }
        assertEquals(0, new QdrantApi(client()).count(c), "a refused request writes none of its points");

        // strict mode's limits on indices and vectors per point
        ok(client().patch("/collections/" + c, RestClient.parse("""
                {"strict_mode_config": {"enabled": true, "sparse_config": {"s": {"max_length": 2}},
                                        "multivector_config": {"m": {"max_vectors": 2}}}}""")));
        error(upsert(c, "[{\"id\": 1, \"vector\": {\"s\": {\"indices\": [1, 2, 3], \"values\": [1, 1, 1]}}}]"),
                400, "Sparse vector 's' has a limit of 2 indices, but 3 were provided!");
        error(upsert(c, "[{\"id\": 1, \"vector\": {\"m\": [[1, 1], [2, 2], [3, 3]]}}]"),
                400, "Multivector 'm' has a limit of 2 vectors, but 3 were provided!");
        ok(upsert(c, "[{\"id\": 1, \"vector\": {\"s\": {\"indices\": [1, 2], \"values\": [1, 1]}, "
                + "\"m\": [[1, 1], [2, 2]]}}]"));
        assertEquals(1, new QdrantApi(client()).count(c));
    }

    @Test
    void queriesByExamplesOnSparseAndMultivectorsAreRefusedByName() {
        String c = collection("sparse_search", CONFIG);
        ok(upsert(c, "[{\"id\": 1, \"vector\": {\"d\": [1, 0], \"s\": {\"indices\": [1], \"values\": [1]}, "
                + "\"m\": [[1, 1]]}}, {\"id\": 2, \"vector\": {\"d\": [0, 1], "
                + "\"s\": {\"indices\": [2], \"values\": [1]}, "
                + "\"m\": [[0, 1]]}}]"));
        for (String using : List.of("s", "m")) {
            for (String query : List.of("{\"recommend\": {\"positive\": [1]}}", "{\"context\": [{\"positive\": 1, "
                    + "\"negative\": 2}]}", "{\"nearest\": [1, 0], \"mmr\": {\"diversity\": 0.5}}")) {
                error(client().post("/collections/" + c + "/points/query", RestClient.parse(
                        "{\"query\": " + query + ", \"using\": \"" + using + "\"}")), 400,
                        "Atoll searches sparse vectors and multivectors by nearest queries only yet");
            }
            error(client().post("/collections/" + c + "/points/search/matrix/pairs", RestClient.parse(
                    "{\"using\": \"" + using + "\"}")), 400, "by nearest queries only");
        }
        assertEquals(1, ok(client().post("/collections/" + c + "/points/query", RestClient.parse(
                "{\"query\": {\"recommend\": {\"positive\": [1]}}, \"using\": \"d\"}"))).get("points").size(),
                "the dense vector is searched by examples");
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
