package io.atoll.point;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dotted payload paths ({@code a.b.c}; a {@code []} suffix on a segment is accepted and ignored, since arrays are
 * traversed implicitly). Used to select, set and remove keys.
 */
public final class PayloadPaths {
    private PayloadPaths() {
    }

    /** The canonical form of a path: {@code []} markers removed. */
    public static String canonical(String path) {
        return path.replace("[]", "");
    }

    public static String[] segments(String path) {
        return canonical(path).split("\\.");
    }

    public static JsonNode get(ObjectNode root, String path) {
        if (segments(path).length == 0) {
            return null; // "." or "": no key at all
        }
        JsonNode node = root;
        for (String s : segments(path)) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(s);
        }
        return node;
    }

    public static void set(ObjectNode root, String path, JsonNode value) {
        String[] segs = segments(path);
        if (segs.length == 0) {
            return;
        }
        ObjectNode node = root;
        for (int i = 0; i < segs.length - 1; i++) {
            JsonNode child = node.get(segs[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(segs[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(segs[segs.length - 1], value);
    }

    public static void remove(ObjectNode root, String path) {
        String[] segs = segments(path);
        if (segs.length == 0) {
            return;
        }
        JsonNode node = root;
        for (int i = 0; i < segs.length - 1; i++) {
            node = node.get(segs[i]);
            if (node == null || !node.isObject()) {
                return;
            }
        }
        ((ObjectNode) node).remove(segs[segs.length - 1]);
    }
}
