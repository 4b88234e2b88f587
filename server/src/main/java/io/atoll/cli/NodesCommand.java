package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atoll nodes ...}: drain a node before it leaves, follow or cancel the drain, remove the node. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Drain, and then remove, a node of the cluster through any node's REST API.",
        subcommands = {NodesCommand.Drain.class, NodesCommand.CancelDrain.class, NodesCommand.Remove.class})
public final class NodesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: drain, cancel-drain or remove");
    }

    /** A peer id as given, or the id of the node the command talks to for {@code self} (a pre-stop hook's case). */
    static long peer(ApiCommand command, ReplicationApi api, String id) throws ApiFailure {
        if (id.equals("self")) {
            long self = api.send("GET", "/cluster", null).path("result").path("peer_id").asLong();
            if (self <= 0) {
                throw new ApiFailure.Unavailable(api.url() + " did not say its peer id (GET /cluster)", null);
            }
            return self;
        }
        try {
            long peer = Long.parseLong(id);
            if (peer > 0) {
                return peer;
            }
        } catch (NumberFormatException e) {
            // the usage error below
        }
        throw command.usage("ID must be a peer id (a positive integer) or `self`, got `" + id + "`");
    }

    /** {@code nodes drain ID [--wait]}. */
    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Move every replica off a node (its primaries with them), so that it can be removed "
                    + "without force. Asking again continues a drain that stopped.")
    static final class Drain extends ApiCommand {
        private static final long POLL_MILLIS = 1000;

        @Parameters(paramLabel = "ID", description = "the node's peer id, or `self` for the node --url names")
        String id;

        @Option(names = "--wait", description = "follow the drain until the node is empty (exit 0) or the drain "
                + "stops (exit 1, with its reason); Ctrl-C stops following, the drain goes on")
        boolean waitForIt;

        @Override
        int run(ReplicationApi api) throws ApiFailure, InterruptedException {
            long peer = peer(this, api, id);
            JsonNode status = api.send("POST", "/cluster/peer/" + peer + "/drain", null).path("result");
            String last = print(status, null);
            while (waitForIt && status.path("state").asText().equals("draining")) {
                Thread.sleep(POLL_MILLIS);
                status = api.send("GET", "/cluster/peer/" + peer + "/drain", null).path("result");
                last = print(status, last);
            }
            return switch (status.path("state").asText()) {
                case "done" -> {
                    System.out.println("peer " + peer + " holds no replica: remove it with "
                            + "'./atoll nodes remove " + peer + "'");
                    yield ExitCodes.OK;
                }
                case "stopped" -> waitForIt ? ExitCodes.REFUSED : ExitCodes.OK;
                case "not_draining" -> {
                    // Only an empty node may leave: a drain cancelled meanwhile is not success for --wait.
                    System.out.println("peer " + peer + ": the drain was cancelled; it still holds "
                            + status.path("replicas_left").asLong() + " replicas");
                    yield waitForIt ? ExitCodes.REFUSED : ExitCodes.OK;
                }
                default -> ExitCodes.OK;
            };
        }

        /** Prints the drain's state when it changed since {@code last}; returns what was printed. */
        private static String print(JsonNode s, String last) {
            StringBuilder line = new StringBuilder("peer " + s.path("peer_id").asLong() + ": "
                    + s.path("state").asText() + ", " + s.path("replicas_left").asLong() + " replicas left");
            if (s.path("reason").isTextual()) {
                line.append("\n  stopped: ").append(s.path("reason").asText());
            }
            s.path("operations").forEach(op -> line.append("\n  running: ").append(op.asText()));
            String text = line.toString();
            if (!text.equals(last)) {
                System.out.println(text);
            }
            return text;
        }
    }

    /** {@code nodes cancel-drain ID}. */
    @Command(name = "cancel-drain", mixinStandardHelpOptions = true,
            description = "Stop draining a node; replicas already moved stay where they are.")
    static final class CancelDrain extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the node's peer id, or `self` for the node --url names")
        String id;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            long peer = peer(this, api, id);
            api.send("DELETE", "/cluster/peer/" + peer + "/drain", null);
            System.out.println("peer " + peer + ": drain cancelled");
            return ExitCodes.OK;
        }
    }

    /** {@code nodes remove ID [--force]}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a node from the cluster; refused while it holds replicas unless --force.")
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the node's peer id, or `self` for the node --url names")
        String id;

        @Option(names = "--force", description = "remove it even with replicas (they are lost to the cluster)")
        boolean force;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            long peer = peer(this, api, id);
            api.send("DELETE", "/cluster/peer/" + peer + (force ? "?force=true" : ""), null);
            System.out.println("peer " + peer + " removed");
            return ExitCodes.OK;
        }
    }
}
