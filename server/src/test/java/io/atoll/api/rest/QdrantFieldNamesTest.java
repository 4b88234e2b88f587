package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.OpenApiContract;
import io.atoll.testing.RestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Atoll's {@code /openapi.json} uses Qdrant 1.19's names for what both serve: the same request and result objects
 * on the endpoints both have, and in those objects the same field names (enum values, union members). Qdrant's
 * names come from a facts file derived from its description by {@code tools/openapi/qdrant_field_names.py}.
 * Every divergence is listed in {@link QdrantDivergences} with its reason, so a new one fails here.
 */
class QdrantFieldNamesTest {
    private static final JsonNode FACTS = facts();
    private static final JsonNode ATOLL = OpenApiContract.ATOLL.document();
    /**
     * Atoll's names for an object Qdrant names otherwise: Qdrant takes and shows one VectorParams, Atoll's
     * description tells what it takes (datatype, multivector_config, refused by name) from what it shows.
     */
    private static final Map<String, List<String>> ATOLL_NAMES_OF = Map.of("VectorParams",
            List.of("VectorParams", "VectorParamsInput"));
    private static final String REGENERATE = "; run tools/openapi/qdrant_field_names.py to refresh the facts";

    @Test
    void theFactsCoverEveryEndpointBothServe() {
        TreeSet<String> both = new TreeSet<>();
        FACTS.path("qdrant_endpoints").forEach(e -> both.add(e.asText()));
        both.retainAll(atollEndpoints().keySet());
        TreeSet<String> inFacts = new TreeSet<>();
        FACTS.path("endpoints").fieldNames().forEachRemaining(inFacts::add);
        assertEquals(both, inFacts, "the endpoints both serve changed" + REGENERATE);
    }

    @Test
    void endpointsBothServeTakeAndAnswerTheObjectsQdrantNames() {
        Map<String, JsonNode> atoll = atollEndpoints();
        List<String> wrong = new ArrayList<>();
        FACTS.path("endpoints").properties().forEach(e -> {
            JsonNode op = atoll.get(e.getKey());
            String request = text(e.getValue().get("request"));
            String result = text(e.getValue().get("result"));
            String ourRequest = refName(op.path("requestBody").path("content").path("application/json").path("schema"));
            JsonNode ok = op.path("responses").path("200").path("content").path("application/json").path("schema");
            String ourResult = refName(ok.path("properties").has("result") ? ok.path("properties").path("result") : ok);
            if (request != null && !request.equals(ourRequest)) {
                wrong.add(e.getKey() + " takes " + ourRequest + ", Qdrant's " + request);
            }
            if (result != null && !result.equals(ourResult)) {
                wrong.add(e.getKey() + " answers " + ourResult + ", Qdrant's " + result);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void sharedObjectsUseQdrantsNamesSaveTheListedDivergences() {
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, Set<String>> extra = new TreeMap<>();
        Map<String, String> qdrantNameOf = new TreeMap<>();
        FACTS.path("schemas").fieldNames().forEachRemaining(q -> {
            for (String ours : ATOLL_NAMES_OF.getOrDefault(q, List.of(q))) {
                if (ATOLL.path("components").path("schemas").has(ours)) {
                    qdrantNameOf.put(ours, q);
                }
            }
        });
        Set<String> shared = new TreeSet<>(qdrantNameOf.values());
        qdrantNameOf.forEach((ours, qdrantName) -> {
            SchemaNames.Names theirs = SchemaNames.ofQdrant(FACTS, qdrantName, shared);
            SchemaNames.Names atoll = SchemaNames.ofAtoll(ATOLL, ours, n -> n == null ? null : qdrantNameOf.get(n));
            Set<String> a = atoll.names();
            Set<String> q = theirs.names();
            if (atoll.kind() == SchemaNames.Kind.PROPERTIES && theirs.kind() == SchemaNames.Kind.UNION) {
                q = SchemaNames.propertiesOf(theirs);
            } else if (atoll.kind() != theirs.kind()) {
                return;
            }
            TreeSet<String> lacking = new TreeSet<>(q);
            lacking.removeAll(a);
            TreeSet<String> added = new TreeSet<>(a);
            added.removeAll(q);
            if (!lacking.isEmpty()) {
                missing.put(ours, lacking);
            }
            if (!added.isEmpty()) {
                extra.put(ours, added);
            }
        });
        List<String> unexplained = new ArrayList<>();
        compare("lacks Qdrant's", missing, QdrantDivergences.missing(), unexplained);
        compare("adds to Qdrant's", extra, QdrantDivergences.extra(), unexplained);
        assertTrue(unexplained.isEmpty(), "Atoll's openapi.json diverges from Qdrant's names unlike "
                + "QdrantDivergences says:\n  " + String.join("\n  ", unexplained));
    }

    @Test
    void theObjectsClientsReadMostAreCompared() {
        for (String name : List.of("CollectionInfo", "CollectionConfig", "CollectionParams", "ScoredPoint", "Record",
                "UpdateResult", "CollectionDescription", "ClusterStatus", "RaftInfo", "CollectionClusterInfo",
                "ScrollResult", "QueryResponse", "SnapshotDescription", "CreateCollection", "QueryRequest",
                "Filter", "FieldCondition")) {
            assertTrue(FACTS.path("schemas").has(name), name + " is not in the facts" + REGENERATE);
            assertTrue(ATOLL.path("components").path("schemas").has(name), name + " is not in openapi.json");
        }
    }

    @Test
    void everyObjectAtollNamesAsQdrantDoesIsInTheFacts() {
        Set<String> qdrant = new TreeSet<>();
        FACTS.path("qdrant_schema_names").forEach(n -> qdrant.add(n.asText()));
        List<String> absent = new ArrayList<>();
        ATOLL.path("components").path("schemas").fieldNames().forEachRemaining(n -> {
            if (qdrant.contains(n) && !FACTS.path("schemas").has(n)) {
                absent.add(n);
            }
        });
        assertEquals(List.of(), absent, "named as in Qdrant but not compared" + REGENERATE);
    }

    /** Each difference found must be the one listed, no more and no less, so that the list stays true. */
    private static void compare(String how, Map<String, Set<String>> found, Map<String, Set<String>> listed,
                                List<String> unexplained) {
        TreeSet<String> schemas = new TreeSet<>(found.keySet());
        schemas.addAll(listed.keySet());
        for (String s : schemas) {
            Set<String> f = found.getOrDefault(s, Set.of());
            Set<String> l = listed.getOrDefault(s, Set.of());
            if (!f.equals(l)) {
                unexplained.add(s + " " + how + " " + new TreeSet<>(f) + ", listed: " + new TreeSet<>(l));
            }
        }
    }

    private static Map<String, JsonNode> atollEndpoints() {
        Map<String, JsonNode> out = new TreeMap<>();
        ATOLL.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m ->
                out.put(m.getKey().toUpperCase() + " " + p.getKey().replaceAll("\\{[^}/]*}", "{}"), m.getValue())));
        return out;
    }

    /** X for a reference to component X, [X] for an array of them, else null (as the facts write it). */
    private static String refName(JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        if ("array".equals(schema.path("type").asText())) {
            String inner = refName(schema.path("items"));
            return inner == null ? null : "[" + inner + "]";
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode facts() {
        try (InputStream in = QdrantFieldNamesTest.class.getResourceAsStream("qdrant-field-names.json")) {
            return RestClient.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
