package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.atoll.api.rest.RequestGrammar.Shape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Every REST endpoint of the server with a generator for its body, and the making of one fuzz case from a random
 * source: an endpoint, a target collection, a body, and what to break (nothing, the body's tree, its bytes, the
 * path, the query parameters or the method). Depends on nothing but the random source, so a seed replays a case.
 */
final class FuzzCases {
    /** Which collection names the {@code {name}} of a path may take. */
    enum Target { NONE, READ, WRITE, LIFECYCLE }

    @FunctionalInterface
    interface BodyMaker {
        JsonNode make(PointsGrammar p, CollectionsGrammar c, Shape shape);
    }

    /** One route: its method and template, whose names it may target, whether it answers in the JSON envelope. */
    record Endpoint(String method, String path, Target target, boolean enveloped, BodyMaker body) {
        String label() {
            return method + " " + path;
        }

        boolean writes() {
            return target == Target.WRITE || target == Target.LIFECYCLE || path.equals("/collections/aliases");
        }
    }

    record Case(int number, Endpoint endpoint, String mode, List<String> changes, String method, String target,
                String contentType, byte[] body) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String JSON = "application/json";
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=fuzz", "application/json; charset=utf-16", "application/xml", "",
            "application/json; charset=ascii", "*/*", "application/json, text/plain", "application/octet-stream");
    private static final List<String> PARAM_NAMES = List.of("wait", "ordering", "timeout", "consistency", "force",
            "exact", "limit", "", "wait[]", "zz_unknown");
    private static final List<String> PARAM_VALUES = List.of("true", "false", "", "maybe", "1", "0", "-1", "weak",
            "medium", "strong", "majority", "quorum", "all", "10000", "99999999999", "1e3", "NaN", "%00", "%zz",
            "%F0%9F%A6%80", "a=b", "9".repeat(50), "TRUE", "+1", "1.5", "10001");
    private static final List<String> WEIRD_SEGMENTS = List.of("", ".", "..", "%2E%2E", "%2e", "%2F", "a%2Fb", "%00",
            "%25", "%zz", "%", "a%20b", "%F0%9F%A6%80", "%FF%FE", "+", ";", ";a=b", "-", "_", "x".repeat(300),
            "x".repeat(9000), "%C3%A9".repeat(100), "~", "*", "aliases", "collections", "0", "-1",
            "18446744073709551616", "1e3", "00000000-0000-0000-0000-000000000000", "%7B%7D", "null", "%5Cx", "%0A",
            "%E2%80%AE", "%C0%AE%C0%AE");

    private final FuzzTargets targets;
    private final List<Endpoint> endpoints;

    FuzzCases(FuzzTargets targets) {
        this.targets = targets;
        this.endpoints = endpoints(targets);
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    private static List<Endpoint> endpoints(FuzzTargets t) {
        String c = "/collections/{name}";
        Target r = Target.READ;
        Target w = Target.WRITE;
        return List.of(
                // service
                new Endpoint("GET", "/", Target.NONE, false, null),
                new Endpoint("GET", "/healthz", Target.NONE, false, null),
                new Endpoint("GET", "/livez", Target.NONE, false, null),
                new Endpoint("GET", "/readyz", Target.NONE, false, null),
                new Endpoint("GET", "/metrics", Target.NONE, false, null),
                new Endpoint("GET", "/telemetry", Target.NONE, true, null),
                // collections, indexes, aliases
                new Endpoint("GET", "/collections", Target.NONE, true, null),
                new Endpoint("GET", c, r, true, null),
                new Endpoint("GET", c + "/exists", r, true, null),
                new Endpoint("PUT", c, Target.LIFECYCLE, true, (p, cg, s) -> cg.createCollection()),
                new Endpoint("PATCH", c, w, true, (p, cg, s) -> cg.updateCollection(s)),
                new Endpoint("DELETE", c, Target.LIFECYCLE, true, null),
                new Endpoint("PUT", c + "/index", w, true, (p, cg, s) -> cg.payloadIndex()),
                new Endpoint("DELETE", c + "/index/{field}", w, true, null),
                new Endpoint("POST", "/collections/aliases", Target.NONE, true,
                        (p, cg, s) -> cg.aliasActions(t.aliasCollections(), t.aliasNames())),
                new Endpoint("GET", "/aliases", Target.NONE, true, null),
                new Endpoint("GET", c + "/aliases", r, true, null),
                // point writes
                new Endpoint("PUT", c + "/points", w, true, (p, cg, s) -> p.upsert(s)),
                new Endpoint("POST", c + "/points/delete", w, true, (p, cg, s) -> p.delete()),
                new Endpoint("POST", c + "/points/payload", w, true, (p, cg, s) -> p.setPayload()),
                new Endpoint("PUT", c + "/points/payload", w, true, (p, cg, s) -> p.overwritePayload()),
                new Endpoint("POST", c + "/points/payload/delete", w, true, (p, cg, s) -> p.deletePayload()),
                new Endpoint("POST", c + "/points/payload/clear", w, true, (p, cg, s) -> p.clearPayload()),
                new Endpoint("PUT", c + "/points/vectors", w, true, (p, cg, s) -> p.updateVectors(s)),
                new Endpoint("POST", c + "/points/vectors/delete", w, true, (p, cg, s) -> p.deleteVectors()),
                new Endpoint("POST", c + "/points/batch", w, true, (p, cg, s) -> p.batch(s)),
                // reads
                new Endpoint("GET", c + "/points/{id}", r, true, null),
                new Endpoint("POST", c + "/points", r, true, (p, cg, s) -> p.retrieve()),
                new Endpoint("POST", c + "/points/scroll", r, true, (p, cg, s) -> p.scroll()),
                new Endpoint("POST", c + "/points/count", r, true, (p, cg, s) -> p.count()),
                new Endpoint("POST", c + "/points/search", r, true, (p, cg, s) -> p.search(s)),
                new Endpoint("POST", c + "/points/search/batch", r, true, (p, cg, s) -> p.searchBatch(s)),
                new Endpoint("POST", c + "/points/query", r, true, (p, cg, s) -> p.query(s)),
                new Endpoint("POST", c + "/points/query/batch", r, true, (p, cg, s) -> p.queryBatch(s)),
                // cluster
                new Endpoint("GET", "/cluster", Target.NONE, true, null),
                new Endpoint("DELETE", "/cluster/peer/{peer_id}", Target.NONE, true, null),
                new Endpoint("POST", "/cluster/recover", Target.NONE, true, null),
                new Endpoint("GET", c + "/cluster", r, true, null),
                new Endpoint("POST", c + "/cluster", w, true, (p, cg, s) -> p.clusterOperation(t.selfPeer())));
    }

    Case generate(SplittableRandom rnd, int number) {
        RequestGrammar g = new RequestGrammar(rnd);
        PointsGrammar p = new PointsGrammar(g);
        JsonMutator m = new JsonMutator(g);
        Endpoint e = g.pick(endpoints);
        int roll = g.between(0, 99);
        String mode = roll < 25 ? "valid" : roll < 60 ? "mutated" : roll < 75 ? "malformed" : roll < 85 ? "path"
                : roll < 95 ? "params" : "method";
        // A wrong method on a collection path may reach that path's DELETE or PUT: only names the fuzzer owns outright.
        Target target = mode.equals("method") && e.target() != Target.NONE ? Target.LIFECYCLE : e.target();
        String name = switch (target) {
            case NONE -> "";
            case READ -> g.pick(targets.reads());
            case WRITE -> g.pick(targets.writes());
            case LIFECYCLE -> g.pick(targets.lifecycle());
        };
        g.strict(mode.equals("valid"));
        JsonNode tree = e.body() == null ? null : e.body().make(p, new CollectionsGrammar(g), targets.shapeOf(name));
        byte[] valid = tree == null ? null : JsonMutator.write(tree);
        List<String> changes = new ArrayList<>();
        byte[] body = valid;
        String path = fill(g, e.path(), name);
        String query = g.chance(0.2) ? validParams(g, e) : "";
        String method = e.method();
        switch (mode) {
            case "mutated" -> {
                JsonMutator.Body b = m.mutate(tree == null ? F.objectNode() : tree);
                body = b.bytes();
                changes.addAll(b.changes());
            }
            case "malformed" -> {
                JsonMutator.Body b = m.malform(valid == null ? "{}".getBytes(StandardCharsets.UTF_8) : valid);
                body = b.bytes();
                changes.addAll(b.changes());
            }
            case "path" -> {
                path = weirdPath(g, e.path(), name);
                changes.add("path");
            }
            case "params" -> query = randomParams(g);
            case "method" -> method = g.pick(otherMethods(e.method()));
            default -> {
            }
        }
        String contentType = g.chance(mode.equals("malformed") ? 0.3 : 0.08) ? (g.chance(0.15) ? null : g.pick(CONTENT_TYPES)) : JSON;
        if (e.path().startsWith("/cluster/peer") && path.contains(Long.toString(targets.selfPeer()))) {
            // this node may be asked to remove itself, but never with force: that would drop the reference's replicas
            query = query.replace("force=true", "force=false");
        }
        return new Case(number, e, mode, changes, method, path + (query.isEmpty() ? "" : "?" + query), contentType, body);
    }

    private static List<String> otherMethods(String method) {
        List<String> out = new ArrayList<>(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"));
        out.remove(method);
        return out;
    }

    /** The template with its parameters filled with valid-looking, percent-encoded values. */
    private String fill(RequestGrammar g, String template, String name) {
        return template.replace("{name}", encode(name))
                .replace("{id}", encode(g.id().asText()))
                .replace("{field}", encode(g.key()))
                .replace("{peer_id}", g.pick(Long.toString(targets.selfPeer()), Integer.toString(g.between(0, 1000)), "abc",
                        "-1", "18446744073709551616", "0"));
    }

    /** One parameter replaced by an odd segment (some invalidly encoded), or the path's shape bent. */
    private String weirdPath(RequestGrammar g, String template, String name) {
        String filled = fill(g, template, name);
        if (template.contains("{") && g.chance(0.75)) {
            List<String> params = new ArrayList<>();
            for (String part : template.split("/")) {
                if (part.startsWith("{")) {
                    params.add(part);
                }
            }
            String which = g.pick(params);
            String weird = g.pick(WEIRD_SEGMENTS);
            String bent = template.replace(which, weird);
            return fill(g, bent, name);
        }
        return switch (g.between(0, 6)) {
            case 0 -> filled + "/";
            case 1 -> filled.replaceFirst("/", "//");
            case 2 -> filled + "/x";
            case 3 -> filled.toUpperCase();
            case 4 -> filled + ";jsessionid=1";
            case 5 -> filled + "/%2e%2e";
            default -> filled + "/" + g.pick(WEIRD_SEGMENTS);
        };
    }

    /** Parameters the endpoint knows, with valid values. */
    private static String validParams(RequestGrammar g, Endpoint e) {
        List<String> out = new ArrayList<>();
        if (e.writes()) {
            out.add("wait=" + g.pick("true", "false"));
            if (g.chance(0.5)) {
                out.add("ordering=" + g.pick("weak", "medium", "strong"));
            }
        } else {
            out.add("consistency=" + g.pick("majority", "quorum", "all", "1", "2"));
        }
        if (g.chance(0.3)) {
            out.add("timeout=" + g.between(1, 60));
        }
        return String.join("&", out);
    }

    /** One to four parameters, known or not, with valid or invalid values (some invalidly encoded). */
    private static String randomParams(RequestGrammar g) {
        List<String> out = new ArrayList<>();
        int n = g.between(1, 4);
        for (int i = 0; i < n; i++) {
            String value = g.pick(PARAM_VALUES);
            out.add(g.pick(PARAM_NAMES) + (g.chance(0.05) ? "" : "=" + (value.startsWith("%") || g.chance(0.8) ? value : encode(value))));
        }
        return String.join("&", out);
    }

    /** Percent-encodes every byte but RFC 3986's unreserved characters. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int v = x & 0xFF;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '-' || v == '.' || v == '_' || v == '~') {
                b.append((char) v);
            } else {
                b.append('%').append(String.format("%02X", v));
            }
        }
        return b.toString();
    }
}
