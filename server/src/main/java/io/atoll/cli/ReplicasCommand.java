package io.atoll.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code atoll replicas}: moves, copies and rescales shard replicas through a node's REST API (Weaviate's
 * replication endpoints) and follows the operations. It uses nothing of the server but that API, so it works
 * against any node of any Atoll cluster it can reach.
 */
@Command(name = "replicas", mixinStandardHelpOptions = true,
        description = "Move, copy and rescale shard replicas through a node's REST API, and follow the operations.",
        subcommands = {StartCommand.Move.class, StartCommand.Copy.class, ListCommand.class, StatusCommand.class,
            EndCommands.Cancel.class, EndCommands.Delete.class, ScaleCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success (with --wait or --watch: every operation followed ended READY)",
            "1:an operation ended CANCELLED or vanished, or the server refused the request "
                + "(4xx; its message is printed)",
            "2:bad usage",
            "3:the server could not be reached, did not answer in time, or answered 5xx"})
public final class ReplicasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code replicas} without a subcommand is a usage error: there is nothing it could do. */
    @Override
    public Integer call() {
        System.err.println("atoll replicas: a command is needed");
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }
}
