package io.atoll.point;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's payload paths: keys joined by dots ({@code a.b}, a key with dots or brackets in double quotes), where an
 * array is entered only by saying so: {@code cities[].name} reads {@code name} in every element of {@code cities},
 * {@code cities[0].name} in the first one, and {@code cities.name} reads nothing when {@code cities} is an array.
 * A path that ends at an array reaches its elements without {@code []}. Used to read, select, set and remove keys
 * the way Qdrant does. Stateless.
 */
public final class PayloadPaths {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PayloadPaths() {
    }

    /** One step of a path: into an object's key, an array's element, or every element. */
    public sealed interface Item {
    }

    public record Key(String name) implements Item {
    }

    public record Index(int index) implements Item {
    }

    public record Every() implements Item {
    }

    /**
     * The steps of {@code path}, or null when it is no path (empty, an empty key, an unclosed bracket, a bracket
     * that holds anything but a number): such a path reaches nothing. The first step is always a key.
     */
    public static List<Item> parse(String path) {
        List<Item> items = new ArrayList<>();
        int i = 0;
        int n = path.length();
        boolean expectKey = true;
        while (i < n) {
            char c = path.charAt(i);
            if (expectKey) {
                if (c == '"') {
                    int end = path.indexOf('"', i + 1);
                    if (end < 0) {
                        return null;
                    }
                    items.add(new Key(path.substring(i + 1, end)));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[' && path.charAt(i) != ']'
                            && path.charAt(i) != '"') {
                        i++;
                    }
                    if (i == start) {
                        return null;
                    }
                    items.add(new Key(path.substring(start, i)));
                }
                expectKey = false;
            } else if (c == '.') {
                expectKey = true;
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    return null;
                }
                String inside = path.substring(i + 1, end);
                if (inside.isEmpty()) {
                    items.add(new Every());
                } else if (inside.length() <= 9 && inside.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    items.add(new Index(Integer.parseInt(inside)));
                } else {
                    return null;
                }
                i = end + 1;
            } else {
                return null;
            }
        }
        return expectKey ? null : items;
    }

    /** Whether {@code path} is a path Qdrant would take. */
    public static boolean valid(String path) {
        return parse(path) != null;
    }

    /**
     * The path under which the index holds the values {@code path} reaches: keys joined by dots, {@code []} where
     * the path enters an array before a further key (an index counts as {@code []}: the index narrows candidates,
     * the payload decides), none at the end. Null for no path.
     */
    public static String canonical(String path) {
        List<Item> items = parse(path);
        if (items == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        boolean inArray = false;
        for (Item item : items) {
            if (item instanceof Key k) {
                if (inArray) {
                    b.append("[]");
                    inArray = false;
                }
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(k.name());
            } else {
                inArray = true;
            }
        }
        return b.toString();
    }

    /** Whether the path picks array elements by position, which the index cannot tell apart. */
    public static boolean hasIndex(String path) {
        List<Item> items = parse(path);
        return items != null && items.stream().anyMatch(i -> i instanceof Index);
    }

    /**
     * The values {@code path} reaches, as stored: a key steps into objects only, {@code []} into every element
     * (arrays in arrays taken apart), an index into that element.
     */
    public static List<JsonNode> reached(JsonNode root, String path) {
        List<Item> items = parse(path);
        List<JsonNode> current = new ArrayList<>();
        if (items == null || root == null) {
            return current;
        }
        current.add(root);
        for (Item item : items) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                switch (item) {
                    case Key k -> {
                        if (n.isObject() && n.has(k.name())) {
                            next.add(n.get(k.name()));
                        }
                    }
                    case Every e -> elements(n, next);
                    case Index x -> {
                        if (n.isArray() && x.index() < n.size()) {
                            next.add(n.get(x.index()));
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static void elements(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isArray()) {
                    elements(e, out);
                } else {
                    out.add(e);
                }
            }
        }
    }

    /**
     * Qdrant's set_payload with a {@code key}: {@code src}'s keys are merged into every object the path reaches,
     * made where missing; a step that meets the wrong kind of value replaces it (an object where a key is asked,
     * an empty array where an element is), and an element that does not exist is not made.
     */
    public static void setAt(ObjectNode root, String path, ObjectNode src) {
        List<Item> items = parse(path);
        if (items == null) {
            return;
        }
        String first = ((Key) items.getFirst()).name();
        root.set(first, set(root.get(first), items, 1, src));
    }

    private static JsonNode set(JsonNode dest, List<Item> items, int at, ObjectNode src) {
        if (at == items.size()) {
            ObjectNode o = dest != null && dest.isObject() ? (ObjectNode) dest : src.objectNode();
            o.setAll(src.deepCopy());
            return o;
        }
        switch (items.get(at)) {
            case Key k -> {
                ObjectNode o = dest != null && dest.isObject() ? (ObjectNode) dest : src.objectNode();
                o.set(k.name(), set(o.get(k.name()), items, at + 1, src));
                return o;
            }
            case Index x -> {
                ArrayNode a = dest != null && dest.isArray() ? (ArrayNode) dest : src.arrayNode();
                if (x.index() < a.size()) {
                    a.set(x.index(), set(a.get(x.index()), items, at + 1, src));
                }
                return a;
            }
            case Every e -> {
                ArrayNode a = dest != null && dest.isArray() ? (ArrayNode) dest : src.arrayNode();
                for (int i = 0; i < a.size(); i++) {
                    a.set(i, set(a.get(i), items, at + 1, src));
                }
                return a;
            }
        }
    }

    /**
     * Qdrant's delete_payload of one key: the key removed from every object the path reaches; a path ending in
     * {@code []} empties the arrays it reaches; one ending at an index removes nothing (not repeatable safely).
     */
    public static void remove(ObjectNode root, String path) {
        List<Item> items = parse(path);
        if (items != null) {
            remove(root, items, 0);
        }
    }

    private static void remove(JsonNode n, List<Item> items, int at) {
        Item item = items.get(at);
        boolean last = at == items.size() - 1;
        switch (item) {
            case Key k -> {
                if (n instanceof ObjectNode o) {
                    if (last) {
                        o.remove(k.name());
                    } else if (o.has(k.name())) {
                        remove(o.get(k.name()), items, at + 1);
                    }
                }
            }
            case Every e -> {
                if (n instanceof ArrayNode a) {
                    if (last) {
                        a.removeAll();
                    } else {
                        a.forEach(el -> remove(el, items, at + 1));
                    }
                }
            }
            case Index x -> {
                if (!last && n instanceof ArrayNode a && x.index() < a.size()) {
                    remove(a.get(x.index()), items, at + 1);
                }
            }
        }
    }

    /**
     * The parts of {@code payload} the paths select (with_payload's include), in their places: the objects on the
     * way keep only the selected keys, arrays on the way keep every element, and a key or an index asked of an
     * array selects none of its elements (as Qdrant's exact comparison of steps does).
     */
    public static ObjectNode include(ObjectNode payload, List<String> paths) {
        ObjectNode out = payload.objectNode();
        for (String path : paths) {
            List<Item> items = parse(path);
            if (items != null) {
                JsonNode picked = include(payload, items, 0);
                if (picked instanceof ObjectNode o) {
                    merge(out, o);
                }
            }
        }
        return out;
    }

    private static JsonNode include(JsonNode n, List<Item> items, int at) {
        if (at == items.size()) {
            return n.deepCopy();
        }
        Item item = items.get(at);
        if (item instanceof Key k) {
            if (n.isObject()) {
                JsonNode child = n.get(k.name());
                if (child == null) {
                    return null;
                }
                JsonNode picked = include(child, items, at + 1);
                return picked == null ? null : F.objectNode().set(k.name(), picked);
            }
            return n.isArray() ? F.arrayNode() : null;
        }
        if (!n.isArray()) {
            return null;
        }
        if (item instanceof Index) {
            // Qdrant compares a selector's steps with the payload's exactly, and an element's step is [], never
            // [n]: a positional selector keeps the array and none of its elements
            return F.arrayNode();
        }
        ArrayNode out = F.arrayNode();
        for (JsonNode e : n) {
            if (e.isObject() || e.isArray()) {
                JsonNode picked = include(e, items, at + 1);
                out.add(picked == null ? (e.isObject() ? F.objectNode() : F.arrayNode()) : picked);
            } else {
                out.add(e.deepCopy());
            }
        }
        return out;
    }

    /** Merges {@code src} into {@code dest}: objects key by key, arrays element by element. */
    private static void merge(ObjectNode dest, ObjectNode src) {
        for (Map.Entry<String, JsonNode> e : src.properties()) {
            JsonNode existing = dest.get(e.getKey());
            dest.set(e.getKey(), existing == null ? e.getValue() : merged(existing, e.getValue()));
        }
    }

    private static JsonNode merged(JsonNode a, JsonNode b) {
        if (a instanceof ObjectNode ao && b instanceof ObjectNode bo) {
            merge(ao, bo);
            return ao;
        }
        if (a instanceof ArrayNode aa && b instanceof ArrayNode ba && aa.size() == ba.size()) {
            for (int i = 0; i < aa.size(); i++) {
                aa.set(i, merged(aa.get(i), ba.get(i)));
            }
            return aa;
        }
        return b;
    }

    /** How many keys deep the path goes (for the nesting limit of what set_payload may build). */
    public static int depth(String path) {
        List<Item> items = parse(path);
        return items == null ? 0 : items.size();
    }
}
