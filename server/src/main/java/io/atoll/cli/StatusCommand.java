package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicas status ID}: one operation, once or followed to its end. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show one replication operation: its state, transfer progress and errors.")
final class StatusCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the operation's id (as move, copy, scale or list print it)")
    String id;

    @Option(names = "--watch", description = "follow the operation until it is READY (exit 0) or CANCELLED (exit 1), "
            + "with a progress bar for its transfer (Ctrl-C stops following; the operation goes on)")
    boolean watch;

    @Option(names = "--history", description = "show the operation's earlier states")
    boolean history;

    @Option(names = "--json", description = "print the server's JSON as it is")
    boolean json;

    @Override
    int run(ReplicationApi api) throws ApiFailure, InterruptedException {
        if (watch && json) {
            throw usage("--watch and --json do not go together: --json prints the operation once");
        }
        JsonNode answer = api.operation(id, history);
        if (json) {
            System.out.println(answer.toPrettyString());
            return ExitCodes.OK;
        }
        Operation op = Operation.from(answer);
        System.out.print(OperationText.detail(op, System.currentTimeMillis(), history));
        if (!watch) {
            return ExitCodes.OK;
        }
        System.out.println();
        return new OperationFollower(api, ProgressDisplay.forStandardOutput(), System.err).follow(List.of(op.id()));
    }
}
