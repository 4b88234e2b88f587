package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicas list}: the operations a filter selects, as a table or as the server's JSON. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List replication operations (running and finished), oldest first.")
final class ListCommand extends ApiCommand {
    @Option(names = "--collection", paramLabel = "C", description = "only the operations on collection C")
    String collection;

    @Option(names = "--shard", paramLabel = "S", description = "only the operations on shard S")
    String shard;

    @Option(names = "--target", paramLabel = "N", description = "only the operations whose target is node N")
    String target;

    @Option(names = "--history", description = "show each operation's earlier states")
    boolean history;

    @Option(names = "--json", description = "print the server's JSON as it is")
    boolean json;

    @Override
    int run(ReplicationApi api) throws ApiFailure {
        JsonNode answer = api.list(collection, shard, target, history);
        if (json) {
            System.out.println(answer.toPrettyString());
            return ExitCodes.OK;
        }
        List<Operation> ops = new ArrayList<>();
        answer.forEach(o -> ops.add(Operation.from(o)));
        if (ops.isEmpty()) {
            System.out.println("no replication operations" + (collection == null && shard == null && target == null
                    ? "" : " match"));
            return ExitCodes.OK;
        }
        ops.sort(Comparator.comparingLong(Operation::createdMillis).thenComparing(Operation::id));
        System.out.print(OperationText.table(ops, System.currentTimeMillis(), history));
        return ExitCodes.OK;
    }
}
