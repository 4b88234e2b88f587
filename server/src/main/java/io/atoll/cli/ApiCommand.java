package io.atoll.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that calls the REST API: a failed call ends it with the failure's exit code and the
 * server's message on standard error, never with a stack trace.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run(server.api());
        } catch (ApiFailure f) {
            System.out.flush();
            System.err.println(prefix() + f.getMessage());
            return f.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println(prefix() + "interrupted");
            return ExitCodes.UNAVAILABLE;
        }
    }

    /** "atoll replicas: ", "atoll nodes: ": the command group this command belongs to. */
    private String prefix() {
        CommandSpec group = spec;
        while (group.parent() != null && group.parent().parent() != null) {
            group = group.parent();
        }
        return "atoll " + group.name() + ": ";
    }

    abstract int run(ReplicationApi api) throws ApiFailure, InterruptedException;

    /** A usage error found after parsing: picocli prints it with the usage and exits with code 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
