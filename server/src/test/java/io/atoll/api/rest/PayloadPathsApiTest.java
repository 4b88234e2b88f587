package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Payload paths as Qdrant 1.19 reads them (issue 18): an array is entered only with {@code []} (or {@code [n]}
 * for one element), in filters with and without a payload index, in {@code with_payload} selectors, and in the
 * keys of set_payload and delete_payload; a malformed path is refused.
 */
class PayloadPathsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static String collection(String prefix) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("country", "NO",
                        "cities", List.of(Map.of("name", "Oslo", "pop", 700), Map.of("name", "Bergen", "pop", 290)),
                        "tags", List.of("north", "fjord"))),
                Map.of("id", 2, "vector", List.of(0, 1), "payload", Map.of("country", "IT",
                        "cities", List.of(Map.of("name", "Rome", "pop", 2800)), "tags", List.of("south")))))));
        return c;
    }

    private static List<Integer> ids(String c, Map<String, Object> condition) {
        JsonNode points = ok(client().post("/collections/" + c + "/points/scroll", Map.of("filter",
                Map.of("must", List.of(condition))))).get("points");
        List<Integer> out = new java.util.ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asInt()));
        return out;
    }

    private static Map<String, Object> match(String key, Object value) {
        return Map.of("key", key, "match", Map.of("value", value));
    }

    @Test
    void filtersEnterArraysOnlyThroughBrackets() {
        String c = collection("paths_filter");
        for (boolean indexed : List.of(false, true)) {
            assertEquals(List.of(), ids(c, match("cities.name", "Bergen")), "no [] reaches nothing, indexed "
                    + indexed);
            assertEquals(List.of(1), ids(c, match("cities[].name", "Bergen")));
            assertEquals(List.of(), ids(c, match("cities[0].name", "Bergen")), "Bergen is the second city");
            assertEquals(List.of(1), ids(c, match("cities[1].name", "Bergen")));
            assertEquals(List.of(2), ids(c, Map.of("key", "cities[].pop", "range", Map.of("gt", 1000))));
            assertEquals(List.of(1), ids(c, match("tags", "fjord")), "a path ending at an array reaches its values");
            assertEquals(List.of(1), ids(c, match("tags[]", "fjord")));
            assertEquals(List.of(1), ids(c, Map.of("key", "cities[].name", "values_count", Map.of("gte", 2))));
            assertEquals(List.of(1, 2), ids(c, Map.of("is_empty", Map.of("key", "cities.name"))));
            assertEquals(List.of(1), ids(c, Map.of("nested", Map.of("key", "cities", "filter", Map.of("must",
                    List.of(match("name", "Oslo"), Map.of("key", "pop", "range", Map.of("gt", 500))))))));
            ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "cities[].name",
                    "field_schema", "keyword")));
        }
        assertEquals(2, new QdrantApi(client()).info(c).at("/payload_schema/cities[].name/points").asInt());
    }

    @Test
    void selectorsKeepTheSelectedPartsInTheirPlaces() {
        String c = collection("paths_select");
        JsonNode included = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(1),
                "with_payload", Map.of("include", List.of("cities[].name", "country"))))).get(0).get("payload");
        assertEquals(RestClient.parse("{\"country\":\"NO\",\"cities\":[{\"name\":\"Oslo\"},{\"name\":\"Bergen\"}]}"),
                included);
        JsonNode excluded = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(2),
                "with_payload", Map.of("exclude", List.of("cities[].pop", "tags"))))).get(0).get("payload");
        assertEquals(RestClient.parse("{\"country\":\"IT\",\"cities\":[{\"name\":\"Rome\"}]}"), excluded);
    }

    @Test
    void setAndDeletePayloadFollowTheKeysPath() {
        String c = collection("paths_set");
        String base = "/collections/" + c + "/points";
        ok(client().post(base + "/payload?wait=true", Map.of("points", List.of(1), "key", "cities[0]",
                "payload", Map.of("capital", true))));
        ok(client().post(base + "/payload?wait=true", Map.of("points", List.of(1), "key", "cities[]",
                "payload", Map.of("country", "NO"))));
        ok(client().post(base + "/payload?wait=true", Map.of("points", List.of(1), "key", "meta.source",
                "payload", Map.of("by", "test"))));
        ok(client().post(base + "/payload?wait=true", Map.of("points", List.of(1), "key", "cities[5]",
                "payload", Map.of("ghost", true))));
        JsonNode p = ok(client().get(base + "/1")).get("payload");
        assertEquals(RestClient.parse("[{\"name\":\"Oslo\",\"pop\":700,\"capital\":true,\"country\":\"NO\"},"
                + "{\"name\":\"Bergen\",\"pop\":290,\"country\":\"NO\"}]"), p.get("cities"));
        assertEquals("test", p.at("/meta/source/by").asText());
        assertEquals(List.of(1), ids(c, match("cities[].capital", true)));

        ok(client().post(base + "/payload/delete?wait=true", Map.of("points", List.of(1), "keys",
                List.of("cities[].pop", "cities[0]", "meta.source.by"))));
        p = ok(client().get(base + "/1")).get("payload");
        assertEquals(RestClient.parse("[{\"name\":\"Oslo\",\"capital\":true,\"country\":\"NO\"},"
                + "{\"name\":\"Bergen\",\"country\":\"NO\"}]"), p.get("cities"), "an index removes nothing");
        assertEquals(0, p.at("/meta/source").size());
        assertEquals(List.of(), ids(c, Map.of("key", "cities[].pop", "range", Map.of("gt", 0))).stream()
                .filter(id -> id == 1).toList());
    }

    @Test
    void malformedPathsAreRefused() {
        String c = collection("paths_bad");
        String base = "/collections/" + c + "/points";
        for (String bad : List.of("a..b", "a[x]", "a[", ".a", "a.", "a]b", "[0]", "a\"b")) {
            error(client().post(base + "/scroll", Map.of("filter", Map.of("must", List.of(match(bad, 1))))), 400,
                    "not a payload path");
            error(client().post(base + "/payload", Map.of("points", List.of(1), "key", bad, "payload",
                    Map.of("x", 1))), 400, "not a payload path");
            error(client().post(base + "/payload/delete", Map.of("points", List.of(1), "keys", List.of(bad))), 400,
                    "not a payload path");
            error(client().post(base, Map.of("ids", List.of(1), "with_payload", List.of(bad))), 400,
                    "not a payload path");
            error(client().put("/collections/" + c + "/index", Map.of("field_name", bad, "field_schema", "keyword")),
                    400, "not a payload path");
        }
        assertEquals(List.of(1), ids(c, match("\"country\"", "NO")), "a quoted key");
    }
}
