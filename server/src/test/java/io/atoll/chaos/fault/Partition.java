package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.net.NetworkLab;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A network partition between nodes, made of one-way cuts in the lab (packets dropped, so calls hang). The clients
 * and the checker still reach every node, as clients on the other side of a partitioned cluster's load balancer
 * would. Healed by removing every cut.
 */
public final class Partition implements Fault {
    /** Which nodes are cut from which. */
    public enum Shape {
        /** one random node from all others, both ways */
        ISOLATE,
        /** the Raft leader from all others */
        ISOLATE_LEADER,
        /** the primary of a shard of the checked collection from all others */
        ISOLATE_PRIMARY,
        /** one node cannot send to another; the other way works */
        ONE_WAY,
        /** two groups that cannot talk, and one node that talks to both */
        BRIDGE,
        /** a random minority from the majority */
        SPLIT
    }

    private final Shape shape;
    private final String collection;

    /** {@code collection} is the one whose shard primaries ISOLATE_PRIMARY aims at. */
    public Partition(Shape shape, String collection) {
        this.shape = shape;
        this.collection = collection;
    }

    public String name() {
        return "partition-" + shape.name().toLowerCase().replace('_', '-');
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        List<Integer> nodes = new ArrayList<>(world.members());
        if (nodes.size() < 2) {
            return Optional.empty();
        }
        Collections.shuffle(nodes, random);
        List<int[]> cuts = new ArrayList<>();
        String what;
        switch (shape) {
            case ISOLATE -> what = isolate(nodes, nodes.getFirst(), cuts);
            case ISOLATE_LEADER -> {
                OptionalInt leader = leader(world);
                if (leader.isEmpty()) {
                    return Optional.empty();
                }
                what = "leader " + isolate(nodes, leader.getAsInt(), cuts);
            }
            case ISOLATE_PRIMARY -> {
                OptionalInt primary = primary(world, random);
                if (primary.isEmpty()) {
                    return Optional.empty();
                }
                what = "primary " + isolate(nodes, primary.getAsInt(), cuts);
            }
            case ONE_WAY -> {
                cuts.add(new int[] {nodes.get(0), nodes.get(1)});
                what = "node " + nodes.get(0) + " cannot send to node " + nodes.get(1);
            }
            case BRIDGE -> {
                if (nodes.size() < 3) {
                    return Optional.empty();
                }
                int bridge = nodes.getFirst();
                List<Integer> rest = nodes.subList(1, nodes.size());
                List<Integer> left = rest.subList(0, rest.size() / 2);
                List<Integer> right = rest.subList(rest.size() / 2, rest.size());
                both(left, right, cuts);
                what = left + " | " + right + " bridged by node " + bridge;
            }
            case SPLIT -> {
                int minority = 1 + random.nextInt((nodes.size() - 1) / 2);
                List<Integer> small = nodes.subList(0, minority);
                List<Integer> large = nodes.subList(minority, nodes.size());
                both(small, large, cuts);
                what = small + " | " + large;
            }
            default -> throw new IllegalStateException("unknown shape " + shape);
        }
        NetworkLab lab = world.lab();
        for (int[] c : cuts) {
            lab.cut(c[0] + 1, c[1] + 1);
        }
        String description = name() + ": " + what;
        return Optional.of(new Disruption() {
            public String describe() {
                return description;
            }

            public void heal(ChaosWorld w) {
                w.lab().healAll();
            }
        });
    }

    private static String isolate(List<Integer> nodes, int node, List<int[]> cuts) {
        List<Integer> others = nodes.stream().filter(n -> n != node).toList();
        both(List.of(node), others, cuts);
        return "node " + node + " isolated from " + others;
    }

    private static void both(List<Integer> a, List<Integer> b, List<int[]> cuts) {
        for (int x : a) {
            for (int y : b) {
                cuts.add(new int[] {x, y});
                cuts.add(new int[] {y, x});
            }
        }
    }

    private static OptionalInt leader(ChaosWorld world) {
        try {
            return OptionalInt.of(world.cluster().leaderIndex());
        } catch (IllegalStateException e) {
            return OptionalInt.empty();
        }
    }

    /** The node holding the primary of a random shard of the collection, as an up member reports it. */
    private OptionalInt primary(ChaosWorld world, Random random) {
        for (int node : world.upMembers()) {
            try {
                JsonNode r = world.client(node).get("/collections/" + collection + "/cluster").result();
                List<Long> primaries = new ArrayList<>();
                if (r.get("local_shards").isArray()) {
                    r.get("local_shards").forEach(s -> {
                        if (s.get("primary").asBoolean()) {
                            primaries.add(r.get("peer_id").asLong());
                        }
                    });
                    r.get("remote_shards").forEach(s -> {
                        if (s.get("primary").asBoolean()) {
                            primaries.add(s.get("peer_id").asLong());
                        }
                    });
                }
                if (primaries.isEmpty()) {
                    continue;
                }
                long peer = primaries.get(random.nextInt(primaries.size()));
                for (int i : world.members()) {
                    if (world.cluster().peerId(i) == peer) {
                        return OptionalInt.of(i);
                    }
                }
            } catch (RuntimeException e) {
                // ask the next node
            }
        }
        return OptionalInt.empty();
    }
}
