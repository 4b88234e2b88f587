package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicas scale}: asks the server for the plan that gives every shard of a collection N replicas, prints
 * it, and (unless {@code --dry-run}) applies it as the server planned it, so what runs is what was shown.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Give every shard of a collection N replicas: prints the server's plan (per shard, the nodes "
                + "that get a copy and from where, the nodes that lose theirs), then applies it and prints the ids of "
                + "the operations it started.")
final class ScaleCommand extends ApiCommand {
    @Option(names = "--collection", required = true, paramLabel = "C", description = "the collection")
    String collection;

    private int factor;

    @Option(names = "--factor", required = true, paramLabel = "N", description = "replicas wanted per shard (>= 1)")
    void setFactor(int value) {
        if (value < 1) {
            throw usage("--factor: a shard needs at least 1 replica, got " + value);
        }
        factor = value;
    }

    @Option(names = "--dry-run", description = "print the plan and apply nothing")
    boolean dryRun;

    @Option(names = "--wait", description = "follow the operations started until each ends (exit 0 if all are READY)")
    boolean await;

    /** A shard's part of the plan: target node to source node of the copies, and the nodes to drop. */
    private record ShardPlan(Map<String, String> add, List<String> remove) {
    }

    @Override
    int run(ReplicationApi api) throws ApiFailure, InterruptedException {
        JsonNode plan = api.scalePlan(collection, factor);
        Map<String, ShardPlan> shards = shards(plan);
        System.out.println("plan " + plan.path("planId").asText("?") + " for collection "
                + plan.path("collection").asText(collection) + ": " + factor + " replica(s) per shard");
        boolean changes = false;
        for (Map.Entry<String, ShardPlan> e : shards.entrySet()) {
            ShardPlan p = e.getValue();
            List<String> parts = new ArrayList<>();
            p.add().forEach((target, source) -> parts.add("add " + target + " (copied from " + source + ")"));
            p.remove().forEach(n -> parts.add("remove " + n));
            changes |= !parts.isEmpty();
            System.out.println("  shard " + e.getKey() + ": " + (parts.isEmpty() ? "no change" : String.join(", ", parts)));
        }
        if (!changes) {
            System.out.println("nothing to do");
            return ExitCodes.OK;
        }
        if (dryRun) {
            System.out.println("dry run: nothing applied");
            return ExitCodes.OK;
        }
        List<String> ids = api.applyScale(plan);
        // removals need no transfer, so a plan that only removes starts no operation
        System.out.println(ids.isEmpty() ? "applied; no operation to follow" : "started " + ids.size() + " operation(s):");
        ids.forEach(System.out::println);
        if (!await || ids.isEmpty()) {
            return ExitCodes.OK;
        }
        return new OperationFollower(api, ProgressDisplay.forStandardOutput(), System.err).follow(ids);
    }

    /** The plan's shards in their natural order (0, 1, 2, ... 10, not 0, 1, 10, 2). */
    private static Map<String, ShardPlan> shards(JsonNode plan) {
        Map<String, ShardPlan> out = new TreeMap<>(Comparator.comparing((String s) -> s.length()).thenComparing(s -> s));
        plan.path("shardScaleActions").properties().forEach(e -> {
            Map<String, String> add = new TreeMap<>();
            e.getValue().path("addNodes").properties().forEach(a -> add.put(a.getKey(), a.getValue().asText()));
            List<String> remove = new ArrayList<>();
            e.getValue().path("removeNodes").forEach(n -> remove.add(n.asText()));
            out.put(e.getKey(), new ShardPlan(add, remove));
        });
        return out;
    }
}
