package io.atoll.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code replicas cancel ID} and {@code replicas delete ID}. */
final class EndCommands {
    private EndCommands() {
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a running operation: it stops and ends CANCELLED, its source untouched. Refused "
                    + "(exit 1) once the operation can no longer be cancelled.")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the operation's id")
        String id;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            api.cancel(id);
            System.out.println("cancel requested for operation " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an operation: a running one is cancelled first, then it is forgotten.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the operation's id")
        String id;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            api.delete(id);
            System.out.println("delete requested for operation " + id);
            return ExitCodes.OK;
        }
    }
}
