package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Filters, through scroll, count and search. The points are generated here and every expected answer is computed
 * from them with Qdrant's documented semantics (an array matches when one of its values does).
 */
class FiltersApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final String[] CITIES = {"Berlin", "London", "Paris", "Rome", "Oslo"};
    private static final String[] COLORS = {"red", "green", "blue", "black"};
    private static final String[] TAGS = {"red", "green", "blue"};
    private static final String[] WORDS = {"quick", "brown", "fox", "jumps", "lazy", "dog", "river", "stone"};
    private static final ZoneOffset[] OFFSETS = {ZoneOffset.UTC, ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(-5, -30)};
    private static final Instant EPOCH = Instant.parse("2024-03-01T00:00:00Z");

    private static final List<Doc> DOCS = new ArrayList<>();
    private static String plain;
    private static String textIndexed;

    record Review(int stars, boolean verified) {
    }

    /** One point's payload as the test wrote it; {@code optKind} picks null, missing, [] or a value for "opt". */
    record Doc(long id, String city, long count, double price, Boolean active, List<String> tags, List<Long> nums,
               String desc, Instant created, ZoneOffset offset, double lon, double lat, List<Review> reviews,
               String color, List<Long> sizes, List<String> items, int optKind) {

        Map<String, Object> payload() {
            Map<String, Object> p = new LinkedHashMap<>();
            if (city != null) {
                p.put("city", city);
            }
            p.put("count", count);
            p.put("price", price);
            if (active != null) {
                p.put("active", active);
            }
            p.put("tags", tags);
            p.put("nums", nums);
            p.put("desc", desc);
            p.put("created", created.atOffset(offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            p.put("loc", Map.of("lon", lon, "lat", lat));
            p.put("reviews", reviews.stream().map(r -> Map.of("stars", r.stars(), "verified", r.verified())).toList());
            p.put("meta", Map.of("color", color, "sizes", sizes));
            p.put("items", items.stream().map(n -> Map.of("name", n)).toList());
            switch (optKind) {
                case 0 -> p.put("opt", null);
                case 2 -> p.put("opt", List.of());
                case 3 -> p.put("opt", "v");
                default -> {
                }
            }
            return p;
        }

        Set<String> tokens() {
            return new java.util.HashSet<>(List.of(desc.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        }
    }

    @BeforeAll
    static void writePoints() {
        for (int i = 1; i <= 48; i++) {
            List<String> tags = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                if ((i % 8 & (1 << b)) != 0) {
                    tags.add(TAGS[b]);
                }
            }
            List<Review> reviews = new ArrayList<>();
            for (int k = 0; k < i % 4; k++) {
                reviews.add(new Review((i + 2 * k) % 5 + 1, (i + k) % 2 == 0));
            }
            String desc = "The " + WORDS[i % 8] + " " + WORDS[(i * 3) % 8] + " " + WORDS[(i * 5 + 1) % 8];
            DOCS.add(new Doc(i, i % 7 == 0 ? null : CITIES[i % 5], (i * 7L) % 13, i * 0.75 - 12.5,
                    i % 11 == 0 ? null : i % 3 == 0, tags, List.of((long) (i % 5), (long) (i % 9 + 10)), desc,
                    EPOCH.plusSeconds(i * 7L * 3600), OFFSETS[i % 3], -3 + (i % 8), 40 + (i / 8),
                    reviews, COLORS[i % 4], List.of((long) (i % 5), (long) (i % 7)),
                    List.of("item" + (i % 3), "item" + (i % 5)), i % 4));
        }
        QdrantApi api = new QdrantApi(SERVER.client());
        plain = AtollServerExtension.collection("filters");
        textIndexed = AtollServerExtension.collection("filters_text");
        for (String c : List.of(plain, textIndexed)) {
            api.createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid"), "shard_number", 2));
        }
        ok(SERVER.client().put("/collections/" + textIndexed + "/index?wait=true", RestClient.parse(
                "{\"field_name\": \"desc\", \"field_schema\": {\"type\": \"text\", \"tokenizer\": \"word\", \"lowercase\": true}}")));
        List<Object> points = new ArrayList<>();
        for (Doc d : DOCS) {
            points.add(Map.of("id", d.id(), "vector", List.of(d.lon(), d.lat()), "payload", d.payload()));
        }
        api.upsert(plain, points);
        api.upsert(textIndexed, points);
    }

    // ---------------------------------------------------------------- checking a filter

    private static void assertFilter(String filterJson, Predicate<Doc> expected) {
        assertFilter(plain, filterJson, expected);
    }

    /** The filter selects exactly the points {@code expected} accepts, in scroll, count and search. */
    private static void assertFilter(String collection, String filterJson, Predicate<Doc> expected) {
        JsonNode filter = RestClient.parse(filterJson);
        TreeSet<Long> want = new TreeSet<>();
        DOCS.stream().filter(expected).forEach(d -> want.add(d.id()));
        assertTrue(!want.isEmpty() && want.size() < DOCS.size(), "a useful filter selects some points but not all: " + filterJson);
        QdrantApi api = new QdrantApi(SERVER.client());
        List<Long> scrolled = new ArrayList<>();
        api.scrollAll(collection, filter, 1000).forEach(p -> scrolled.add(p.get("id").asLong()));
        assertEquals(new ArrayList<>(want), scrolled, "scroll with " + filterJson);
        assertEquals(want.size(), api.count(collection, filter), "count with " + filterJson);
        JsonNode found = ok(SERVER.client().post("/collections/" + collection + "/points/search",
                Map.of("vector", List.of(0, 42), "limit", 100, "filter", filter)));
        TreeSet<Long> searched = new TreeSet<>();
        found.forEach(p -> searched.add(p.get("id").asLong()));
        assertEquals(want, searched, "search with " + filterJson);
    }

    private static String field(String key, String condition) {
        return "{\"must\": [{\"key\": \"" + key + "\", " + condition + "}]}";
    }

    // ---------------------------------------------------------------- match

    @Test
    void matchValueOnStringIntegerAndBool() {
        assertFilter(field("city", "\"match\": {\"value\": \"Paris\"}"), d -> "Paris".equals(d.city()));
        assertFilter(field("count", "\"match\": {\"value\": 5}"), d -> d.count() == 5);
        assertFilter(field("active", "\"match\": {\"value\": true}"), d -> Boolean.TRUE.equals(d.active()));
        assertFilter(field("active", "\"match\": {\"value\": false}"), d -> Boolean.FALSE.equals(d.active()));
    }

    @Test
    void matchValueOnAnArrayMatchesAnyElement() {
        assertFilter(field("tags", "\"match\": {\"value\": \"green\"}"), d -> d.tags().contains("green"));
        assertFilter(field("nums", "\"match\": {\"value\": 12}"), d -> d.nums().contains(12L));
    }

    @Test
    void matchAnyAcceptsOneOfTheValues() {
        assertFilter(field("city", "\"match\": {\"any\": [\"Berlin\", \"Rome\"]}"),
                d -> "Berlin".equals(d.city()) || "Rome".equals(d.city()));
        assertFilter(field("nums", "\"match\": {\"any\": [0, 18]}"), d -> d.nums().contains(0L) || d.nums().contains(18L));
        assertFilter(field("tags", "\"match\": {\"any\": [\"red\", \"blue\"]}"),
                d -> d.tags().contains("red") || d.tags().contains("blue"));
    }

    @Test
    void matchExceptRejectsTheListedValues() {
        assertFilter(field("meta.color", "\"match\": {\"except\": [\"red\", \"black\"]}"),
                d -> !d.color().equals("red") && !d.color().equals("black"));
        assertFilter(field("count", "\"match\": {\"except\": [0, 1, 2, 3]}"), d -> d.count() > 3);
    }

    @Test
    void textWithoutAnIndexMatchesASubstring() {
        String sub = DOCS.get(4).desc().substring(5, 12);
        assertFilter(field("desc", "\"match\": {\"text\": \"" + sub + "\"}"), d -> d.desc().contains(sub));
        String across = DOCS.get(10).desc().substring(DOCS.get(10).desc().indexOf(' ', 4) - 2).substring(0, 5);
        assertFilter(field("desc", "\"match\": {\"text\": \"" + across + "\"}"), d -> d.desc().contains(across));
    }

    @Test
    void textWithoutAnIndexMatchesALongSubstring() {
        // found by ApiFuzzTest: the substring wildcard for a text this long is an automaton Lucene refuses to build (500)
        String c = AtollServerExtension.collection("filters_long_text");
        QdrantApi api = new QdrantApi(SERVER.client());
        api.createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid")));
        String text = "lorem ipsum ".repeat(100);
        api.upsert(c, List.of(Map.of("id", 1, "vector", List.of(0, 1), "payload", Map.of("desc", "start " + text + " end")),
                Map.of("id", 2, "vector", List.of(0, 1), "payload", Map.of("desc", text.substring(1))),
                Map.of("id", 3, "vector", List.of(0, 1), "payload", Map.of("desc", List.of("x", text)))));
        JsonNode filter = RestClient.parse(field("desc", "\"match\": {\"text\": \"" + text + "\"}"));
        assertEquals(List.of(1L, 3L), api.scrollAll(c, filter, 10).stream().map(p -> p.get("id").asLong()).toList());
        assertEquals(2, api.count(c, filter));
    }

    @Test
    void textWithATextIndexMatchesEveryToken() {
        assertFilter(textIndexed, field("desc", "\"match\": {\"text\": \"BROWN Quick\"}"),
                d -> d.tokens().containsAll(Set.of("brown", "quick")));
        assertFilter(textIndexed, field("desc", "\"match\": {\"text\": \"dog\"}"), d -> d.tokens().contains("dog"));
        // a fragment of a token is no token: the index answers by whole words
        JsonNode none = RestClient.parse(field("desc", "\"match\": {\"text\": \"qui\"}"));
        assertEquals(0, new QdrantApi(SERVER.client()).count(textIndexed, none));
    }

    // ---------------------------------------------------------------- range

    @Test
    void rangeOnIntegers() {
        assertFilter(field("count", "\"range\": {\"gte\": 4, \"lt\": 9}"), d -> d.count() >= 4 && d.count() < 9);
        assertFilter(field("count", "\"range\": {\"gt\": 10}"), d -> d.count() > 10);
        assertFilter(field("nums", "\"range\": {\"lte\": 1}"), d -> d.nums().stream().anyMatch(n -> n <= 1));
    }

    @Test
    void rangeOnFloats() {
        assertFilter(field("price", "\"range\": {\"gt\": -3.1, \"lte\": 7.25}"), d -> d.price() > -3.1 && d.price() <= 7.25);
        assertFilter(field("price", "\"range\": {\"lt\": -10.0}"), d -> d.price() < -10.0);
        assertFilter(field("price", "\"range\": {\"gte\": 1.0, \"lt\": 1.75}"), d -> d.price() >= 1.0 && d.price() < 1.75);
    }

    @Test
    void datetimeRangeComparesInstantsWhateverTheirOffsets() {
        String from = "2024-03-05T12:00:00+01:00";
        String to = "2024-03-10T00:00:00Z";
        Instant lo = OffsetDateTime.parse(from).toInstant();
        Instant hi = OffsetDateTime.parse(to).toInstant();
        assertFilter(field("created", "\"range\": {\"gte\": \"" + from + "\", \"lt\": \"" + to + "\"}"),
                d -> !d.created().isBefore(lo) && d.created().isBefore(hi));
        String exact = DOCS.get(20).created().atOffset(ZoneOffset.ofHours(-3)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Instant at = DOCS.get(20).created();
        assertFilter(field("created", "\"range\": {\"gt\": \"" + exact + "\"}"), d -> d.created().isAfter(at));
    }

    // ---------------------------------------------------------------- geo

    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
    }

    @Test
    void geoRadiusKeepsPointsWithinTheDistance() {
        double lon = 0.2;
        double lat = 42.3;
        double[] distances = DOCS.stream().mapToDouble(d -> haversine(lat, lon, d.lat(), d.lon())).sorted().toArray();
        // halfway across the widest gap among the 8th to 20th nearest keeps rounding away from the edge
        int cut = 8;
        for (int k = 8; k < 20; k++) {
            if (distances[k] - distances[k - 1] > distances[cut] - distances[cut - 1]) {
                cut = k;
            }
        }
        double radius = (distances[cut - 1] + distances[cut]) / 2;
        assertFilter(field("loc", "\"geo_radius\": {\"center\": {\"lon\": " + lon + ", \"lat\": " + lat + "}, \"radius\": " + radius + "}"),
                d -> haversine(lat, lon, d.lat(), d.lon()) <= radius);
    }

    @Test
    void geoBoundingBoxKeepsPointsInside() {
        assertFilter(field("loc", "\"geo_bounding_box\": {\"top_left\": {\"lon\": -1.5, \"lat\": 44.5}, "
                        + "\"bottom_right\": {\"lon\": 2.5, \"lat\": 41.5}}"),
                d -> d.lon() >= -1.5 && d.lon() <= 2.5 && d.lat() >= 41.5 && d.lat() <= 44.5);
    }

    @Test
    void geoPolygonKeepsPointsInsideTheExteriorAndOutsideItsHoles() {
        double[][] exterior = {{-2.5, 40.5}, {3.5, 40.5}, {3.5, 42.5}, {0.5, 42.5}, {0.5, 45.5}, {-2.5, 45.5}, {-2.5, 40.5}};
        double[][] hole = {{-1.5, 43.5}, {-0.5, 43.5}, {-0.5, 44.5}, {-1.5, 44.5}, {-1.5, 43.5}};
        String json = field("loc", "\"geo_polygon\": {\"exterior\": {\"points\": " + ring(exterior) + "}, "
                + "\"interiors\": [{\"points\": " + ring(hole) + "}]}");
        assertFilter(json, d -> inside(exterior, d.lon(), d.lat()) && !inside(hole, d.lon(), d.lat()));
    }

    private static String ring(double[][] points) {
        List<String> out = new ArrayList<>();
        for (double[] p : points) {
            out.add("{\"lon\": " + p[0] + ", \"lat\": " + p[1] + "}");
        }
        return out.toString();
    }

    /** Ray casting on the plane of lon/lat; the test's points are never on an edge. */
    private static boolean inside(double[][] ring, double x, double y) {
        boolean in = false;
        for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            double xi = ring[i][0];
            double yi = ring[i][1];
            double xj = ring[j][0];
            double yj = ring[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    // ---------------------------------------------------------------- values_count, is_empty, is_null, has_id

    @Test
    void valuesCountCountsTheValuesOfAnArray() {
        assertFilter(field("tags", "\"values_count\": {\"gte\": 2}"), d -> d.tags().size() >= 2);
        assertFilter(field("tags", "\"values_count\": {\"lt\": 1}"), d -> d.tags().isEmpty());
        assertFilter(field("reviews", "\"values_count\": {\"gt\": 1, \"lte\": 2}"), d -> d.reviews().size() == 2);
    }

    @Test
    void isEmptyMatchesMissingNullAndEmptyArrays() {
        assertFilter("{\"must\": [{\"is_empty\": {\"key\": \"opt\"}}]}", d -> d.optKind() != 3);
        assertFilter("{\"must_not\": [{\"is_empty\": {\"key\": \"opt\"}}]}", d -> d.optKind() == 3);
        assertFilter("{\"must\": [{\"is_empty\": {\"key\": \"tags\"}}]}", d -> d.tags().isEmpty());
    }

    @Test
    void isNullMatchesOnlyAnExplicitNull() {
        assertFilter("{\"must\": [{\"is_null\": {\"key\": \"opt\"}}]}", d -> d.optKind() == 0);
        assertFilter("{\"must_not\": [{\"is_null\": {\"key\": \"opt\"}}]}", d -> d.optKind() != 0);
    }

    @Test
    void hasIdSelectsTheListedPoints() {
        Set<Long> ids = Set.of(3L, 14L, 15L, 40L, 999L);
        assertFilter("{\"must\": [{\"has_id\": [3, 14, 15, 40, 999]}]}", d -> ids.contains(d.id()));
        assertFilter("{\"must_not\": [{\"has_id\": [3, 14, 15, 40, 999]}]}", d -> !ids.contains(d.id()));
    }

    // ---------------------------------------------------------------- nested keys and nested filters

    @Test
    void nestedFilterNeedsBothConditionsInTheSameElement() {
        String nested = "{\"must\": [{\"nested\": {\"key\": \"reviews\", \"filter\": {\"must\": ["
                + "{\"key\": \"stars\", \"range\": {\"gte\": 4}}, {\"key\": \"verified\", \"match\": {\"value\": true}}]}}}]}";
        Predicate<Doc> sameElement = d -> d.reviews().stream().anyMatch(r -> r.stars() >= 4 && r.verified());
        assertFilter(nested, sameElement);
        String flat = "{\"must\": [{\"key\": \"reviews[].stars\", \"range\": {\"gte\": 4}}, "
                + "{\"key\": \"reviews[].verified\", \"match\": {\"value\": true}}]}";
        Predicate<Doc> anyElements = d -> d.reviews().stream().anyMatch(r -> r.stars() >= 4)
                && d.reviews().stream().anyMatch(Review::verified);
        assertFilter(flat, anyElements);
        assertTrue(DOCS.stream().anyMatch(d -> anyElements.test(d) && !sameElement.test(d)),
                "the data must tell the nested filter from the flat one");
    }

    @Test
    void nestedFilterWithMustNotInsideTheElement() {
        String nested = "{\"must\": [{\"nested\": {\"key\": \"reviews\", \"filter\": {\"must\": ["
                + "{\"key\": \"stars\", \"match\": {\"value\": 1}}], \"must_not\": [{\"key\": \"verified\", \"match\": {\"value\": true}}]}}}]}";
        assertFilter(nested, d -> d.reviews().stream().anyMatch(r -> r.stars() == 1 && !r.verified()));
    }

    @Test
    void dottedKeysReachIntoObjects() {
        assertFilter(field("meta.color", "\"match\": {\"value\": \"blue\"}"), d -> d.color().equals("blue"));
        assertFilter(field("meta.sizes", "\"match\": {\"value\": 6}"), d -> d.sizes().contains(6L));
    }

    @Test
    void arrayKeysReachIntoEveryElement() {
        assertFilter(field("items[].name", "\"match\": {\"value\": \"item4\"}"), d -> d.items().contains("item4"));
        assertFilter(field("reviews[].stars", "\"range\": {\"gte\": 5}"), d -> d.reviews().stream().anyMatch(r -> r.stars() >= 5));
    }

    // ---------------------------------------------------------------- combining clauses

    @Test
    void mustShouldAndMustNotCombine() {
        assertFilter("{\"must\": [{\"key\": \"count\", \"range\": {\"gte\": 3}}], "
                        + "\"should\": [{\"key\": \"city\", \"match\": {\"value\": \"Berlin\"}}, {\"key\": \"active\", \"match\": {\"value\": true}}], "
                        + "\"must_not\": [{\"key\": \"tags\", \"match\": {\"value\": \"red\"}}]}",
                d -> d.count() >= 3 && ("Berlin".equals(d.city()) || Boolean.TRUE.equals(d.active())) && !d.tags().contains("red"));
        assertFilter("{\"should\": [{\"key\": \"city\", \"match\": {\"value\": \"Oslo\"}}, {\"has_id\": [1, 2]}]}",
                d -> "Oslo".equals(d.city()) || d.id() <= 2);
        assertFilter("{\"must_not\": [{\"key\": \"city\", \"match\": {\"value\": \"Oslo\"}}]}", d -> !"Oslo".equals(d.city()));
    }

    @Test
    void minShouldNeedsAtLeastThatManyConditions() {
        String json = "{\"min_should\": {\"min_count\": 2, \"conditions\": ["
                + "{\"key\": \"count\", \"range\": {\"gte\": 6}}, {\"key\": \"active\", \"match\": {\"value\": true}}, "
                + "{\"key\": \"tags\", \"match\": {\"value\": \"blue\"}}]}}";
        assertFilter(json, d -> (d.count() >= 6 ? 1 : 0) + (Boolean.TRUE.equals(d.active()) ? 1 : 0)
                + (d.tags().contains("blue") ? 1 : 0) >= 2);
    }

    @Test
    void nestedBooleanClausesCompose() {
        String json = "{\"must\": [{\"should\": [{\"key\": \"city\", \"match\": {\"value\": \"Rome\"}}, "
                + "{\"key\": \"city\", \"match\": {\"value\": \"Paris\"}}]}, "
                + "{\"must_not\": [{\"key\": \"count\", \"match\": {\"any\": [0, 1, 2]}}]}]}";
        assertFilter(json, d -> ("Rome".equals(d.city()) || "Paris".equals(d.city())) && d.count() > 2);
    }

    @Test
    void filtersApplyToDeleteAndSetPayload() {
        QdrantApi api = new QdrantApi(SERVER.client());
        String c = AtollServerExtension.collection("filters_write");
        api.createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid"), "shard_number", 3));
        List<Object> points = new ArrayList<>();
        Map<Long, Doc> byId = new HashMap<>();
        for (Doc d : DOCS) {
            points.add(Map.of("id", d.id(), "vector", List.of(d.lon(), d.lat()), "payload", d.payload()));
            byId.put(d.id(), d);
        }
        api.upsert(c, points);
        ok(SERVER.client().post("/collections/" + c + "/points/payload?wait=true", RestClient.parse(
                "{\"payload\": {\"flag\": \"set\"}, \"filter\": " + field("meta.color", "\"match\": {\"value\": \"green\"}") + "}")));
        ok(SERVER.client().post("/collections/" + c + "/points/delete?wait=true", RestClient.parse(
                "{\"filter\": " + field("count", "\"range\": {\"lt\": 4}") + "}")));
        List<JsonNode> left = api.scrollAll(c);
        List<Long> expected = DOCS.stream().filter(d -> d.count() >= 4).map(Doc::id).toList();
        assertEquals(expected, left.stream().map(p -> p.get("id").asLong()).toList());
        for (JsonNode p : left) {
            boolean green = byId.get(p.get("id").asLong()).color().equals("green");
            assertEquals(green, p.at("/payload/flag").asText().equals("set"), p::toString);
        }
    }
}
