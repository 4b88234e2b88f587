package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atoll explain --collection C --shard S}: why a shard's replicas are where they are. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Say for each replica of a shard why it is on its node, and for each node why a move there "
                + "is or is not planned now.")
public final class ExplainCommand extends ApiCommand {
    @Option(names = "--collection", required = true, paramLabel = "C")
    String collection;

    @Option(names = "--shard", required = true, paramLabel = "S", description = "the shard id")
    int shard;

    @Option(names = "--json", description = "print the server's JSON as it is")
    boolean json;

    @Override
    int run(ReplicationApi api) throws ApiFailure {
        JsonNode e = api.send("GET", "/collections/" + ReplicationApi.encode(collection) + "/cluster/explain?shard="
                + shard, null).path("result");
        if (json) {
            System.out.println(e.toPrettyString());
            return ExitCodes.OK;
        }
        StringBuilder out = new StringBuilder();
        JsonNode counts = e.path("counts");
        out.append("shard ").append(collection).append('/').append(shard).append(": replication factor ")
                .append(e.path("replication_factor").asInt()).append(", ").append(counts.path("in_sync").asInt())
                .append(" in sync, ").append(counts.path("being_filled").asInt()).append(" being filled, ")
                .append(counts.path("to_recover").asInt()).append(" to recover\n  (liveness as seen by ")
                .append(e.path("viewpoint").asText()).append(")\n\nreplicas:\n");
        for (JsonNode r : e.path("replicas")) {
            out.append("  peer ").append(r.path("peer_id").asLong()).append(" (").append(r.path("node").asText())
                    .append("): ").append(r.path("state").asText()).append(r.path("primary").asBoolean() ? ", primary" : "")
                    .append(r.path("pinned").asBoolean() ? ", pinned" : "").append("\n    why here: ")
                    .append(r.path("why_here").asText()).append("\n    ").append(r.path("outlook").asText()).append('\n');
            for (JsonNode v : r.path("deciders")) {
                if (!v.path("yes").asBoolean()) {
                    out.append("    the rebalancer may not move it: ").append(v.path("rule").asText()).append(": ")
                            .append(v.path("reason").asText()).append('\n');
                }
            }
        }
        out.append("\nnodes:\n");
        for (JsonNode n : e.path("nodes")) {
            out.append("  peer ").append(n.path("peer_id").asLong()).append(" (").append(n.path("replicas").asInt())
                    .append(" replicas, ").append(n.path("primaries").asInt()).append(" primaries): ")
                    .append(n.path("planned").asText()).append('\n');
            for (JsonNode v : n.path("deciders")) {
                out.append("    ").append(v.path("yes").asBoolean() ? "yes " : "NO  ").append(v.path("rule").asText())
                        .append(": ").append(v.path("reason").asText()).append('\n');
            }
        }
        JsonNode reb = e.path("rebalancer");
        out.append("\nrebalancer: ").append(reb.path("enabled").asBoolean() ? "on" : "off");
        if (reb.path("waiting_for").isTextual()) {
            out.append(", waiting: ").append(reb.path("waiting_for").asText());
        }
        reb.path("moves_of_this_shard").forEach(m -> out.append("\n  plans a move ").append(m.asText()));
        e.path("planned").forEach(p -> out.append("\nplanned now: ").append(p.asText()));
        System.out.println(out);
        return ExitCodes.OK;
    }
}
