package io.atoll.api.rest;

import io.atoll.security.Access;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.IssueBoard;
import io.atoll.error.AtollException;
import io.atoll.query.OptimizationReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What slows a node down, in Qdrant's shapes: {@code GET|DELETE /issues} (unindexed keys in slow filtered reads)
 * and {@code GET /collections/{c}/optimizations} (segment merges of the replicas on this node, which are Atoll's
 * optimizations). Stateless.
 */
final class ReportRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> WITH = Set.of("queued", "completed", "idle_segments");
    private final CollectionRegistry registry;

    ReportRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.get("/issues", this::issues);
        r.delete("/issues", ctx -> {
            registry.issues().clear();
            Http.ok(ctx, BooleanNode.TRUE);
        });
        r.get("/collections/{name}/optimizations", this::optimizations);
    }

    private void issues(Context ctx) {
        ObjectNode result = F.objectNode();
        ArrayNode list = result.putArray("issues");
        Access access = RestAuth.access(ctx);
        registry.issues().all().stream()
                .filter(i -> access.sees(i.relatedCollection()))
                .sorted(Comparator.comparing(IssueBoard.Issue::id))
                .forEach(i -> list.add(issue(i)));
        Http.ok(ctx, result);
    }

    private static ObjectNode issue(IssueBoard.Issue i) {
        ObjectNode o = F.objectNode();
        o.put("id", i.id());
        o.put("description", i.description());
        ObjectNode solution = o.putObject("solution");
        if (i.solutions().size() == 1) {
            solution.set("immediate", action(i.solutions().getFirst()));
        } else {
            ArrayNode choice = solution.putArray("immediate_choice");
            i.solutions().forEach(a -> choice.add(action(a)));
        }
        o.put("timestamp", i.timestamp().toString());
        o.put("related_collection", i.relatedCollection());
        return o;
    }

    private static ObjectNode action(IssueBoard.Action a) {
        ObjectNode o = F.objectNode();
        o.put("message", a.message());
        ObjectNode action = o.putObject("action");
        action.put("method", a.method());
        action.put("uri", a.uri());
        action.putObject("headers").put("content-type", "application/json");
        action.set("body", ResponseJson.JSON.valueToTree(a.body()));
        return o;
    }

    private void optimizations(Context ctx) {
        Collection c = registry.get(ctx.pathParam("name"));
        List<String> with = new ArrayList<>();
        String given = ctx.queryParam("with");
        if (given != null && !given.isBlank()) {
            for (String w : given.split(",")) {
                if (!WITH.contains(w.trim())) {
                    throw AtollException.badRequest("Query deserialize error: `with` takes queued, completed and "
                            + "idle_segments, got `" + w.trim() + "`");
                }
                with.add(w.trim());
            }
        }
        int completedLimit = completedLimit(ctx.queryParam("completed_limit"));
        List<OptimizationReport.Merge> running = new ArrayList<>();
        List<OptimizationReport.Merge> completed = new ArrayList<>();
        List<OptimizationReport.Segment> idle = new ArrayList<>();
        for (OptimizationReport r : c.localOptimizations().values()) {
            running.addAll(r.running());
            completed.addAll(r.completed());
            idle.addAll(r.idle());
        }
        ObjectNode result = F.objectNode();
        ObjectNode summary = result.putObject("summary");
        // Lucene's merge policy picks merges when it runs them: none wait in a queue that could be shown
        summary.put("queued_optimizations", 0);
        summary.put("queued_segments", 0);
        summary.put("queued_points", 0);
        summary.put("idle_segments", idle.size());
        ArrayNode runningJson = result.putArray("running");
        running.forEach(m -> runningJson.add(merge(m)));
        if (with.contains("queued")) {
            result.putArray("queued");
        }
        if (with.contains("completed")) {
            ArrayNode done = result.putArray("completed");
            completed.stream().sorted(Comparator.comparing(OptimizationReport.Merge::finished).reversed())
                    .limit(completedLimit).forEach(m -> done.add(merge(m)));
        }
        if (with.contains("idle_segments")) {
            ArrayNode segments = result.putArray("idle_segments");
            idle.forEach(s -> segments.add(segment(s)));
        }
        Http.ok(ctx, result);
    }

    private static int completedLimit(String given) {
        if (given == null || given.isEmpty()) {
            return 16;
        }
        if (!given.matches("[0-9]{1,9}")) {
            throw AtollException.badRequest("Query deserialize error: `completed_limit` must be a non-negative "
                    + "integer, got `" + given + "`");
        }
        return Integer.parseInt(given);
    }

    private static ObjectNode merge(OptimizationReport.Merge m) {
        ObjectNode o = F.objectNode();
        o.put("uuid", m.uuid());
        o.put("optimizer", "merge");
        if (m.error() != null) {
            o.putObject("status").put("error", m.error());
        } else {
            o.put("status", m.status());
        }
        ArrayNode segments = o.putArray("segments");
        m.segments().forEach(s -> segments.add(segment(s)));
        ObjectNode progress = o.putObject("progress");
        progress.put("name", "merge");
        progress.put("started_at", m.started().toString());
        if (m.finished() != null) {
            progress.put("finished_at", m.finished().toString());
            progress.put("duration_sec", Duration.between(m.started(), m.finished()).toNanos() / 1e9);
            progress.put("done", m.documents());
        }
        progress.put("total", m.documents());
        return o;
    }

    private static ObjectNode segment(OptimizationReport.Segment s) {
        ObjectNode o = F.objectNode();
        o.put("uuid", s.uuid());
        o.put("points_count", s.points());
        return o;
    }
}
