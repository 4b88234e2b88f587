package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The names a schema is made of, read alike from Atoll's description and from the facts taken from Qdrant's: an
 * object's property names, an enum's values, or a union's members. A member is written as the object both
 * documents name ({@code ref:Record}, compared on its own), else its property names in braces ({@code {a,b}}) or
 * its type ({@code type:array}); members that are unions are looked through, as the two documents nest them
 * differently. Pure.
 */
final class SchemaNames {
    /** What kind of names a schema has; objects and unions compare with each other by their members' names. */
    enum Kind { PROPERTIES, UNION, ENUM, OTHER }

    record Names(Kind kind, Set<String> names) {
    }

    private SchemaNames() {
    }

    /**
     * The names of Atoll's component {@code name} in its OpenAPI document; {@code shared} says which of Atoll's
     * components stand for one of Qdrant's, and under which of Qdrant's names.
     */
    static Names ofAtoll(JsonNode document, String name, Function<String, String> shared) {
        return atoll(document, document.path("components").path("schemas").path(name), shared, 0);
    }

    private static Names atoll(JsonNode document, JsonNode schema, Function<String, String> shared, int depth) {
        JsonNode target = unwrap(document, schema);
        if (target.has("properties")) {
            return new Names(Kind.PROPERTIES, fieldNames(target.get("properties")));
        }
        if (target.has("enum")) {
            TreeSet<String> values = new TreeSet<>();
            target.get("enum").forEach(v -> values.add(v.asText()));
            return new Names(Kind.ENUM, values);
        }
        JsonNode union = target.has("anyOf") ? target.get("anyOf") : target.get("oneOf");
        if (union == null || depth > 8) {
            return new Names(Kind.OTHER, Set.of());
        }
        TreeSet<String> members = new TreeSet<>();
        for (JsonNode member : union) {
            String qdrantName = shared.apply(refOf(member));
            Names names = atoll(document, member, shared, depth + 1);
            members.addAll(qdrantName != null && names.kind() == Kind.PROPERTIES ? Set.of("ref:" + qdrantName)
                    : member(names, unwrap(document, member)));
        }
        return new Names(Kind.UNION, members);
    }

    /**
     * The names of a schema in the facts file written by tools/openapi/qdrant_field_names.py; {@code shared} holds
     * Qdrant's names of the objects Atoll's document has too.
     */
    static Names ofQdrant(JsonNode facts, String name, Set<String> shared) {
        return qdrant(facts, facts.path("schemas").get(name), shared, 0);
    }

    private static Names qdrant(JsonNode facts, JsonNode shape, Set<String> shared, int depth) {
        if (shape == null) {
            return new Names(Kind.OTHER, Set.of());
        }
        if (shape.has("properties")) {
            return new Names(Kind.PROPERTIES, strings(shape.get("properties")));
        }
        if (shape.has("enum")) {
            return new Names(Kind.ENUM, strings(shape.get("enum")));
        }
        if (!shape.has("variants") || depth > 8) {
            return new Names(Kind.OTHER, Set.of());
        }
        TreeSet<String> members = new TreeSet<>();
        for (JsonNode v : shape.get("variants")) {
            if (v.has("ref")) {
                String name = v.get("ref").asText();
                JsonNode referenced = facts.path("schemas").get(name);
                Names names = qdrant(facts, referenced, shared, depth + 1);
                members.addAll(referenced == null || shared.contains(name) && names.kind() == Kind.PROPERTIES
                        ? Set.of("ref:" + name) : member(names, referenced));
            } else {
                members.addAll(member(qdrant(facts, v, shared, depth + 1), v));
            }
        }
        return new Names(Kind.UNION, members);
    }

    /** A union member's names: its properties in braces, the members of a union it names, or its type. */
    private static Set<String> member(Names names, JsonNode schema) {
        return switch (names.kind()) {
            case PROPERTIES -> Set.of("{" + String.join(",", names.names()) + "}");
            case UNION -> names.names();
            case ENUM -> Set.of("type:string");
            case OTHER -> Set.of("type:" + schema.path("type").asText("any"));
        };
    }

    /**
     * The properties a union's members have between them: what an object standing for the union (Atoll's one
     * {@code Match} for Qdrant's several) must be compared with.
     */
    static Set<String> propertiesOf(Names union) {
        TreeSet<String> out = new TreeSet<>();
        for (String member : union.names()) {
            if (member.startsWith("{")) {
                for (String p : member.substring(1, member.length() - 1).split(",")) {
                    if (!p.isEmpty()) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** The component a schema names (through a nullable allOf), or null. */
    private static String refOf(JsonNode schema) {
        JsonNode s = schema.has("allOf") && schema.get("allOf").size() == 1 ? schema.get("allOf").get(0) : schema;
        String ref = s.path("$ref").asText(null);
        return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** A $ref (to a component) or an allOf of one (how a nullable reference is written) followed to its schema. */
    private static JsonNode unwrap(JsonNode document, JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 8; i++) {
            if (s.has("$ref")) {
                s = document.at(s.get("$ref").asText().substring(1));
            } else if (s.has("allOf") && s.get("allOf").size() == 1) {
                s = s.get("allOf").get(0);
            } else {
                return s;
            }
        }
        return s;
    }

    private static TreeSet<String> fieldNames(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static TreeSet<String> strings(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
