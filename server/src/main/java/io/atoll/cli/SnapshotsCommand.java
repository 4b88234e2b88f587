package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atoll snapshots ...}: create, list, download, recover and delete collection, shard and full snapshots
 * through a node's REST API, with a progress bar while a creation, download or recovery runs.
 */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "Create, list, download, recover and delete snapshots through a node's REST API.",
        subcommands = {SnapshotsCommand.Create.class, SnapshotsCommand.ListAll.class, SnapshotsCommand.Download.class,
                SnapshotsCommand.Recover.class, SnapshotsCommand.Delete.class})
public final class SnapshotsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: create, list, download, recover or delete");
    }

    /** Which snapshots a command is about: a collection's, one shard's, or the node's full ones. */
    static final class Scope {
        @Option(names = "--collection", paramLabel = "C")
        String collection;

        @Option(names = "--shard", paramLabel = "S", description = "a shard of the collection: its shard snapshots")
        Integer shard;

        @Option(names = "--full", description = "the node's full snapshots (every collection)")
        boolean full;

        /** The REST path of the snapshots in this scope. */
        String path(ApiCommand command) {
            if (full == (collection != null)) {
                throw command.usage("give either --collection C (with --shard S for a shard) or --full");
            }
            if (full) {
                if (shard != null) {
                    throw command.usage("--shard goes with --collection, not --full");
                }
                return "/snapshots";
            }
            String c = "/collections/" + ReplicationApi.encode(collection);
            return shard == null ? c + "/snapshots" : c + "/shards/" + shard + "/snapshots";
        }

        String describe() {
            return full ? "full snapshot" : shard == null ? collection : collection + "/" + shard;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a snapshot and wait for it.")
    static final class Create extends ApiCommand {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Scope scope;

        @Override
        int run(ReplicationApi api) throws ApiFailure, InterruptedException {
            String path = scope.path(this);
            JsonNode d = new SnapshotTaskFollower(api).follow("creating " + scope.describe(),
                    () -> api.sendAndWait("POST", path + "?wait=true", null)).path("result");
            System.out.println("created " + d.path("name").asText() + " (" + Units.bytes(d.path("size").asLong())
                    + ", sha256 " + d.path("checksum").asText() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the snapshots on the node.")
    static final class ListAll extends ApiCommand {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Scope scope;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            JsonNode all = api.send("GET", scope.path(this), null).path("result");
            if (all.isEmpty()) {
                System.out.println("no snapshots");
            }
            for (JsonNode d : all) {
                System.out.printf("%s  %s  %10s  %s%n", d.path("name").asText(), d.path("creation_time").asText(),
                        Units.bytes(d.path("size").asLong()), d.path("checksum").asText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a snapshot to a file.")
    static final class Download extends ApiCommand {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Scope scope;

        @Parameters(paramLabel = "NAME", description = "the snapshot's name")
        String name;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to save it (default: NAME)")
        Path output;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            Path target = output == null ? Path.of(name) : output;
            String path = scope.path(this) + "/" + ReplicationApi.encode(name);
            try (ProgressDisplay display = ProgressDisplay.forStandardOutput()) {
                long[] done = {0};
                long started = System.currentTimeMillis();
                api.download(path, target, (bytes, total) -> {
                    done[0] += bytes;
                    if (total > 0) {
                        display.progress(name, "downloading " + name, bytesDone(done[0], total, started), 0);
                    }
                });
                display.transferEnded(name, true);
            }
            System.out.println("saved " + target + " (" + Units.bytes(size(target)) + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = "Recover a collection or a shard from a snapshot: a URL, a snapshot on the node, or a file "
                    + "uploaded from here.")
    static final class Recover extends ApiCommand {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Scope scope;

        @Option(names = "--location", paramLabel = "URL", description = "a URL the node downloads from (for a shard "
                + "also the name of one of its snapshots on the node)")
        String location;

        @Option(names = "--file", paramLabel = "FILE", description = "a snapshot file here, uploaded to the node")
        Path file;

        @Option(names = "--priority", paramLabel = "P", description = "snapshot (default), replica or no_sync")
        String priority;

        @Option(names = "--checksum", paramLabel = "SHA256", description = "refuse the snapshot unless it has this SHA-256")
        String checksum;

        @Override
        int run(ReplicationApi api) throws ApiFailure, InterruptedException {
            String path = scope.path(this);
            if (scope.full) {
                throw usage("a full snapshot is recovered collection by collection (the snapshots inside it)");
            }
            if ((location == null) == (file == null)) {
                throw usage("give either --location URL or --file FILE");
            }
            SnapshotTaskFollower follower = new SnapshotTaskFollower(api);
            if (file != null) {
                StringBuilder q = new StringBuilder("?wait=true");
                if (priority != null) {
                    q.append("&priority=").append(ReplicationApi.encode(priority));
                }
                if (checksum != null) {
                    q.append("&checksum=").append(ReplicationApi.encode(checksum));
                }
                follower.follow("recovering " + scope.describe(), () -> api.upload(path + "/upload" + q, "snapshot", file));
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("location", location);
                if (priority != null) {
                    body.put("priority", priority);
                }
                if (checksum != null) {
                    body.put("checksum", checksum);
                }
                follower.follow("recovering " + scope.describe(), () -> api.sendAndWait("PUT", path + "/recover?wait=true", body));
            }
            System.out.println("recovered " + scope.describe());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a snapshot from the node.")
    static final class Delete extends ApiCommand {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Scope scope;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ReplicationApi api) throws ApiFailure {
            api.send("DELETE", scope.path(this) + "/" + ReplicationApi.encode(name) + "?wait=true", null);
            System.out.println("deleted " + name);
            return ExitCodes.OK;
        }
    }

    static Operation.Transfer bytesDone(long done, long total, long startedMillis) {
        double seconds = Math.max(0.001, (System.currentTimeMillis() - startedMillis) / 1000.0);
        double rate = done / seconds;
        return new Operation.Transfer("download", "receiving", 0, 0, 0, done, total, rate,
                rate > 0 ? java.util.Optional.of((total - done) / rate) : java.util.Optional.empty(), null);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
