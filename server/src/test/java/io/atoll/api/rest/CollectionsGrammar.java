package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.api.rest.RequestGrammar.Shape;
import java.util.List;

/**
 * Random valid-looking bodies of the collection endpoints (create, update, payload index, aliases), drawn from
 * {@link RequestGrammar}'s random source.
 */
final class CollectionsGrammar {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> INDEX_TYPES = List.of("keyword", "integer", "float", "bool", "geo", "text",
            "datetime", "uuid");
    private static final List<String> DISTANCES = List.of("Cosine", "Euclid", "Dot", "Manhattan");

    private final RequestGrammar g;

    CollectionsGrammar(RequestGrammar g) {
        this.g = g;
    }

    ObjectNode vectorParams() {
        ObjectNode v = F.objectNode().put("size", g.slip(0.1) ? g.pickInt(0, 4096, 4097) : g.between(1, 8))
                .put("distance", g.pick(DISTANCES));
        if (g.chance(0.2)) {
            v.put("on_disk", g.chance(0.5));
        }
        if (g.chance(0.2)) {
            v.set("hnsw_config", hnsw());
        }
        if (g.slip(0.05)) {
            v.put("datatype", g.pick("float32", "uint8", "float16"));
        }
        return v;
    }

    ObjectNode hnsw() {
        ObjectNode h = F.objectNode();
        if (g.chance(0.7)) {
            h.put("m", g.slip(0.2) ? 513 : g.pickInt(0, 4, 16, 64, 512));
        }
        if (g.chance(0.7)) {
            h.put("ef_construct", g.slip(0.2) ? g.pickInt(3, 3201) : g.pickInt(4, 100, 3200));
        }
        if (g.chance(0.3)) {
            h.put("full_scan_threshold", g.pickInt(0, 10, 10000));
        }
        if (g.chance(0.2)) {
            h.put("on_disk", g.chance(0.5));
        }
        return h;
    }

    ObjectNode createCollection() {
        ObjectNode b = F.objectNode();
        if (g.chance(0.5)) {
            b.set("vectors", vectorParams());
        } else {
            ObjectNode named = b.putObject("vectors");
            int n = g.between(g.slip(0.1) ? 0 : 1, 3);
            for (int i = 0; i < n; i++) {
                named.set(g.slip(0.3) ? g.pick(RequestGrammar.VECTOR_NAMES) : g.pick("text", "image", "ключ"), vectorParams());
            }
        }
        if (g.chance(0.5)) {
            b.put("shard_number", g.between(1, 3));
        }
        if (g.chance(0.3)) {
            b.put("replication_factor", g.between(1, 2));
        }
        if (g.chance(0.2)) {
            b.put("write_consistency_factor", 1);
        }
        if (g.chance(0.2)) {
            b.put("on_disk_payload", g.chance(0.5));
        }
        if (g.chance(0.3)) {
            b.set("hnsw_config", hnsw());
        }
        if (g.chance(0.1)) {
            b.putObject("optimizers_config").put("indexing_threshold", g.between(0, 20000));
        }
        if (g.chance(0.1)) {
            b.putObject("quantization_config").putObject("scalar").put("type", "int8");
        }
        if (g.slip(0.05)) {
            b.put("sharding_method", g.pick("auto", "custom", "random"));
        }
        return b;
    }

    ObjectNode updateCollection(Shape shape) {
        ObjectNode b = F.objectNode();
        if (g.chance(0.5)) {
            ObjectNode p = b.putObject("params");
            if (g.chance(0.5)) {
                p.put("replication_factor", g.between(1, 2));
            }
            if (g.chance(0.5)) {
                p.put("write_consistency_factor", 1);
            }
            if (g.chance(0.3)) {
                p.put("on_disk_payload", g.chance(0.5));
            }
        }
        if (g.chance(0.4)) {
            b.set("hnsw_config", hnsw());
        }
        if (g.chance(0.3)) {
            String name = g.slip(0.3) || shape == Shape.ANY ? g.pick(RequestGrammar.VECTOR_NAMES) : shape == Shape.SINGLE ? "" : g.pick("text", "image");
            ObjectNode v = b.putObject("vectors").putObject(name);
            if (g.chance(0.5)) {
                v.put("on_disk", g.chance(0.5));
            }
            if (g.chance(0.5)) {
                v.set("hnsw_config", hnsw());
            }
        }
        if (g.chance(0.2)) {
            b.putObject("optimizers_config").put("indexing_threshold", g.between(0, 20000));
        }
        if (g.chance(0.2)) {
            b.set("quantization_config", g.chance(0.5) ? F.textNode("Disabled")
                    : F.objectNode().set("scalar", F.objectNode().put("type", "int8")));
        }
        return b;
    }

    ObjectNode payloadIndex() {
        ObjectNode b = F.objectNode().put("field_name", g.key());
        String type = g.pick(INDEX_TYPES);
        if (g.chance(0.6)) {
            b.put("field_schema", type);
            return b;
        }
        ObjectNode schema = b.putObject("field_schema").put("type", type);
        switch (type) {
            case "text" -> {
                schema.put("tokenizer", g.slip(0.2) ? "bogus" : g.pick("word", "whitespace", "prefix", "multilingual"));
                schema.put("lowercase", g.chance(0.5));
                if (g.chance(0.5)) {
                    schema.put("min_token_len", g.between(0, 5)).put("max_token_len", g.between(1, 30));
                }
            }
            case "integer" -> schema.put("lookup", g.chance(0.5)).put("range", g.chance(0.5));
            case "keyword", "uuid" -> schema.put("is_tenant", g.chance(0.5));
            default -> schema.put("on_disk", g.chance(0.5));
        }
        return b;
    }

    ObjectNode aliasActions(List<String> collections, List<String> aliases) {
        ArrayNode actions = F.arrayNode();
        int n = g.between(g.chance(0.1) ? 0 : 1, 3);
        for (int i = 0; i < n; i++) {
            ObjectNode a = actions.addObject();
            switch (g.between(0, 2)) {
                case 0 -> a.putObject("create_alias").put("collection_name", g.pick(collections)).put("alias_name", g.pick(aliases));
                case 1 -> a.putObject("delete_alias").put("alias_name", g.pick(aliases));
                default -> a.putObject("rename_alias").put("old_alias_name", g.pick(aliases)).put("new_alias_name", g.pick(aliases));
            }
        }
        return F.objectNode().set("actions", actions);
    }
}
