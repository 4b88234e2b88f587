package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.api.rest.RequestGrammar.Shape;

/**
 * Random valid-looking bodies of the points endpoints (writes, batch, reads, search and query) and of the collection
 * cluster operations, drawn from {@link RequestGrammar}'s values.
 */
final class PointsGrammar {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final RequestGrammar g;

    PointsGrammar(RequestGrammar g) {
        this.g = g;
    }

    // ------------------------------------------------------------------ writes

    ObjectNode upsert(Shape shape) {
        int n = g.between(g.chance(0.05) ? 0 : 1, 8);
        if (g.chance(0.75)) {
            ArrayNode points = F.arrayNode();
            for (int i = 0; i < n; i++) {
                ObjectNode p = points.addObject();
                p.set("id", g.id());
                p.set(g.chance(0.9) ? "vector" : "vectors", g.pointVector(shape));
                if (g.chance(0.7)) {
                    p.set("payload", g.payload(0));
                }
            }
            return F.objectNode().set("points", points);
        }
        ObjectNode batch = F.objectNode();
        ArrayNode ids = batch.putArray("ids");
        for (int i = 0; i < n; i++) {
            ids.add(g.id());
        }
        int rows = g.slip(0.1) ? n + 1 : n;
        if (shape == Shape.NAMED || (shape == Shape.ANY && g.chance(0.5))) {
            ObjectNode columns = batch.putObject("vectors");
            for (String name : new String[] {"text", "image"}) {
                if (g.chance(0.8)) {
                    ArrayNode column = columns.putArray(name);
                    for (int i = 0; i < rows; i++) {
                        column.add(g.vector(name.equals("text") ? 2 : 3));
                    }
                }
            }
        } else {
            ArrayNode column = batch.putArray("vectors");
            for (int i = 0; i < rows; i++) {
                column.add(g.vector(3));
            }
        }
        if (g.chance(0.6)) {
            ArrayNode payloads = batch.putArray("payloads");
            for (int i = 0; i < n; i++) {
                payloads.add(g.chance(0.9) ? g.payload(0) : F.nullNode());
            }
        }
        return F.objectNode().set("batch", batch);
    }

    /** Adds {@code points} (ids) or a {@code filter}, as every selector-taking write accepts. */
    private ObjectNode selected(ObjectNode body) {
        if (g.chance(0.6)) {
            body.set("points", g.ids(5));
        } else {
            body.set("filter", g.filter(2));
        }
        return body;
    }

    ObjectNode delete() {
        return selected(F.objectNode());
    }

    ObjectNode setPayload() {
        ObjectNode b = F.objectNode().set("payload", g.payload(0));
        if (g.chance(0.2)) {
            b.put("key", g.slip(0.3) ? g.pick("", "x[]", "a.".repeat(300) + "z") : g.pick("meta", "a.b", "reviews[0]"));
        }
        return selected(b);
    }

    ObjectNode overwritePayload() {
        return selected(F.objectNode().set("payload", g.payload(0)));
    }

    ObjectNode deletePayload() {
        ArrayNode keys = F.arrayNode();
        int n = g.between(0, 3);
        for (int i = 0; i < n; i++) {
            keys.add(g.key());
        }
        return selected(F.objectNode().set("keys", keys));
    }

    ObjectNode clearPayload() {
        return selected(F.objectNode());
    }

    ObjectNode updateVectors(Shape shape) {
        ArrayNode points = F.arrayNode();
        int n = g.between(1, g.slip(0.5) ? 4 : 2);
        for (int i = 0; i < n; i++) {
            ObjectNode p = points.addObject();
            p.set("id", g.id());
            p.set("vector", g.pointVector(shape));
        }
        return F.objectNode().set("points", points);
    }

    ObjectNode deleteVectors() {
        ArrayNode names = F.arrayNode().add(g.slip(0.2) ? g.pick("", "nope") : g.pick("text", "image"));
        if (g.chance(0.3)) {
            names.add(g.pick("text", "image"));
        }
        return selected(F.objectNode().set("vector", names));
    }

    ObjectNode batch(Shape shape) {
        ArrayNode ops = F.arrayNode();
        int n = g.between(g.chance(0.05) ? 0 : 1, 4);
        for (int i = 0; i < n; i++) {
            String kind = g.pick("upsert", "delete", "set_payload", "overwrite_payload", "delete_payload",
                    "clear_payload", "update_vectors", "delete_vectors");
            ObjectNode body = switch (kind) {
                case "upsert" -> upsert(shape);
                case "delete" -> delete();
                case "set_payload" -> setPayload();
                case "overwrite_payload" -> overwritePayload();
                case "delete_payload" -> deletePayload();
                case "clear_payload" -> clearPayload();
                case "update_vectors" -> updateVectors(shape);
                default -> deleteVectors();
            };
            ops.addObject().set(kind, body);
        }
        return F.objectNode().set("operations", ops);
    }

    // ------------------------------------------------------------------ reads

    ObjectNode retrieve() {
        ObjectNode b = F.objectNode().set("ids", g.ids(6));
        if (g.chance(0.6)) {
            b.set("with_payload", g.withPayload());
        }
        if (g.chance(0.6)) {
            b.set("with_vector", g.withVector());
        }
        return b;
    }

    ObjectNode scroll() {
        ObjectNode b = F.objectNode();
        if (g.chance(0.5)) {
            b.set("filter", g.filter(2));
        }
        if (g.chance(0.6)) {
            b.put("limit", g.pickInt(1, 2, 5, 10, 100));
        }
        if (g.chance(0.3)) {
            b.set("offset", g.id());
        }
        if (g.chance(0.5)) {
            b.set("with_payload", g.withPayload());
        }
        if (g.chance(0.5)) {
            b.set("with_vector", g.withVector());
        }
        if (g.slip(0.03)) {
            b.putObject("order_by").put("key", "n");
        }
        return b;
    }

    ObjectNode count() {
        ObjectNode b = F.objectNode();
        if (g.chance(0.7)) {
            b.set("filter", g.filter(2));
        }
        if (g.chance(0.5)) {
            b.put("exact", g.chance(0.5));
        }
        return b;
    }

    private void searchOptions(ObjectNode b) {
        if (g.chance(0.5)) {
            b.set("filter", g.filter(2));
        }
        if (g.chance(0.3)) {
            b.put("offset", g.pickInt(0, 1, 5));
        }
        if (g.chance(0.4)) {
            b.set("with_payload", g.withPayload());
        }
        if (g.chance(0.4)) {
            b.set("with_vector", g.withVector());
        }
        if (g.chance(0.2)) {
            b.put("score_threshold", g.pickDouble(-1.0, 0.0, 0.5, 100.0));
        }
        if (g.chance(0.3)) {
            ObjectNode p = b.putObject("params");
            if (g.chance(0.6)) {
                p.put("hnsw_ef", g.pickInt(1, 16, 128, 100000));
            }
            if (g.chance(0.6)) {
                p.put("exact", g.chance(0.5));
            }
        }
    }

    ObjectNode search(Shape shape) {
        ObjectNode b = F.objectNode();
        if (shape == Shape.NAMED || (shape == Shape.ANY && g.chance(0.3))) {
            String name = g.slip(0.1) ? "nope" : g.pick("text", "image");
            b.putObject("vector").put("name", name).set("vector", g.vector(name.equals("text") ? 2 : 3));
        } else {
            b.set("vector", g.vector(3));
        }
        b.put("limit", g.pickInt(0, 1, 3, 10, 100));
        searchOptions(b);
        return b;
    }

    ObjectNode searchBatch(Shape shape) {
        ArrayNode searches = F.arrayNode();
        int n = g.between(g.chance(0.05) ? 0 : 1, 3);
        for (int i = 0; i < n; i++) {
            searches.add(search(shape));
        }
        return F.objectNode().set("searches", searches);
    }

    ObjectNode query(Shape shape) {
        ObjectNode b = F.objectNode();
        boolean named = shape == Shape.NAMED || (shape == Shape.ANY && g.chance(0.3));
        String using = named ? (g.slip(0.1) ? "nope" : g.pick("text", "image")) : null;
        if (using != null) {
            b.put("using", using);
        }
        int dim = "text".equals(using) ? 2 : 3;
        switch (g.slip(0.15) ? 4 : g.pickInt(0, 1, 2, 3, 5)) {
            case 0, 1 -> b.set("query", g.vector(dim));
            case 2 -> b.putObject("query").set("nearest", g.vector(dim));
            case 3 -> b.set("query", g.id());
            case 4 -> b.putObject("query").set(g.pick("recommend", "fusion", "order_by", "discover"), F.objectNode());
            default -> {
                // no query: points in id order
            }
        }
        if (g.chance(0.6)) {
            b.put("limit", g.pickInt(0, 1, 3, 10, 100));
        }
        searchOptions(b);
        if (g.slip(0.03)) {
            b.putArray("prefetch").addObject().set("query", g.vector(dim));
        }
        return b;
    }

    ObjectNode queryBatch(Shape shape) {
        ArrayNode searches = F.arrayNode();
        int n = g.between(g.chance(0.05) ? 0 : 1, 3);
        for (int i = 0; i < n; i++) {
            searches.add(query(shape));
        }
        return F.objectNode().set("searches", searches);
    }

    // ------------------------------------------------------------------ cluster

    JsonNode clusterOperation(long selfPeer) {
        ObjectNode b = F.objectNode();
        long peer = g.chance(0.5) ? selfPeer : g.between(0, 1000);
        long other = g.chance(0.3) ? selfPeer : g.between(0, 1000);
        int shard = g.between(0, 4);
        switch (g.between(0, 8)) {
            case 0, 1 -> b.putObject(g.pick("move_shard", "replicate_shard", "restart_transfer")).put("shard_id", shard)
                    .put("from_peer_id", peer).put("to_peer_id", other)
                    .put("method", g.pick("stream_records", "snapshot", "wal_delta", "teleport"));
            case 2 -> b.putObject("abort_transfer").put("shard_id", shard).put("from_peer_id", peer).put("to_peer_id", other);
            case 3 -> b.putObject("drop_replica").put("shard_id", shard).put("peer_id", peer);
            case 4 -> b.putObject("create_sharding_key").put("shard_key", g.word()).put("shards_number", g.between(0, 3))
                    .put("replication_factor", g.between(0, 3)).putArray("placement").add(peer);
            case 5 -> b.putObject("drop_sharding_key").put("shard_key", g.word());
            case 6 -> b.putObject("start_resharding").put("direction", g.pick("up", "down", "sideways"))
                    .put("peer_id", peer).putNull("shard_key");
            case 7 -> b.putObject("abort_resharding");
            default -> {
                // two operations at once, or none
                if (g.chance(0.5)) {
                    b.putObject("abort_resharding");
                    b.putObject("drop_replica").put("shard_id", shard).put("peer_id", peer);
                }
            }
        }
        return b;
    }
}
