package io.atoll.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicas move} and {@code replicas copy}: start one operation, print its id, and with {@code --wait}
 * follow it to its end.
 */
abstract class StartCommand extends ApiCommand {
    @Option(names = "--collection", required = true, paramLabel = "C", description = "the collection")
    String collection;

    @Option(names = "--shard", required = true, paramLabel = "S", description = "the shard, such as 0")
    String shard;

    @Option(names = "--from", required = true, paramLabel = "N", description = "source node (a peer id, as GET /cluster lists them)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "M", description = "target node (a peer id)")
    String to;

    private String method;

    @Option(names = "--method", paramLabel = "snapshot|stream_records",
            description = "how the replica is copied: ship a snapshot of the shard (fast for big shards) or stream its "
                    + "records (default: the server's choice)")
    void setMethod(String value) {
        if (!List.of("snapshot", "stream_records").contains(value)) {
            throw usage("--method: expected snapshot or stream_records, got " + value);
        }
        method = value;
    }

    @Option(names = "--wait", description = "follow the operation until it is READY (exit 0) or CANCELLED (exit 1), "
            + "showing its state changes and its transfer's progress (Ctrl-C stops following; the operation goes on)")
    boolean await;

    abstract String type();

    @Override
    int run(ReplicationApi api) throws ApiFailure, InterruptedException {
        String id = api.replicate(collection, shard, from, to, type(), method);
        System.out.println(id);
        if (!await) {
            return ExitCodes.OK;
        }
        return new OperationFollower(api, ProgressDisplay.forStandardOutput(), System.err).follow(List.of(id));
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Move a shard's replica from node N to node M: M gets a copy, then N's replica is dropped. "
                    + "Prints the operation's id.")
    static final class Move extends StartCommand {
        @Override
        String type() {
            return "MOVE";
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = "Copy a shard's replica from node N to node M, which keeps it as one more replica. "
                    + "Prints the operation's id.")
    static final class Copy extends StartCommand {
        @Override
        String type() {
            return "COPY";
        }
    }
}
