package io.atoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the scenario on the server (through REST and through gRPC) and in-process so that all three search the very
 * same index. Which segments a load
 * ends with depends on timing (refreshes, merges), and the segment layout moves search latency and recall more
 * than the REST layer does; two separately loaded indexes would compare layouts, not REST against in-process.
 *
 * <p>So the points are loaded once, through REST; the server is stopped cleanly (committing its index), its
 * storage copied, and the server restarted on the original while the in-process engine opens the copy. The gRPC
 * and in-process ingest rates are measured on collections of their own, dropped afterwards.
 */
final class BothTargets {
    private static final String INGEST_COLLECTION = "bench_ingest";
    private static final String GRPC_INGEST_COLLECTION = "bench_ingest_grpc";

    private final Scenario scenario;
    private final Cleanup cleanup;

    BothTargets(Scenario scenario, Cleanup cleanup) {
        this.scenario = scenario;
        this.cleanup = cleanup;
    }

    /**
     * @param measured    REST's result, then gRPC's, then in-process's; and wrk's REST searches when wrk is installed
     * @param emptyServer the server's memory before the load
     * @param loaded      its memory once the load settled
     */
    record Outcome(Scenario.Measured measured, ServerMemory emptyServer, ServerMemory loaded) {
    }

    Outcome run(Dataset data) throws Exception {
        Path dir = cleanup.tempDir("atoll-bench-");
        Path serverStorage = dir.resolve("server");
        Path localStorage = dir.resolve("in-process");
        Path log = dir.resolve("server.log");
        Scenario.Load restLoad;
        ServerMemory empty;
        ServerMemory loaded;
        try (ServerProcess server = ServerProcess.start(serverStorage, log, cleanup);
             RestTarget rest = new RestTarget(server)) {
            empty = ServerMemory.of(server.pid());
            restLoad = withLog(server, () -> scenario.load(rest, Scenario.COLLECTION, data, true));
            loaded = ServerMemory.of(server.pid());
            server.stop();
        }
        copyTree(serverStorage, localStorage);
        try (ServerProcess server = ServerProcess.start(serverStorage, log, cleanup);
             RestTarget rest = new RestTarget(server);
             GrpcTarget grpc = new GrpcTarget(server, rest);
             InProcessTarget local = InProcessTarget.open(localStorage, cleanup)) {
            Scenario.Measured measured = withLog(server, () -> {
                Scenario.Load grpcLoad = scenario.load(grpc, GRPC_INGEST_COLLECTION, data, false);
                grpc.dropCollection(GRPC_INGEST_COLLECTION);
                Scenario.Load localLoad = scenario.load(local, INGEST_COLLECTION, data, false);
                local.dropCollection(INGEST_COLLECTION);
                int restSegments = rest.segments(Scenario.COLLECTION);
                int localSegments = local.segments(Scenario.COLLECTION);
                if (restSegments != localSegments) {
                    System.err.println("bench: the copy of the index has " + localSegments + " segments, the server's "
                            + restSegments + "; searches compare different indexes");
                }
                return scenario.measure(List.of(rest, grpc, local), Map.of(rest, restLoad, grpc, grpcLoad, local,
                        localLoad), data, WrkLoad.find(dir), rest);
            });
            return new Outcome(measured, empty, loaded);
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T withLog(ServerProcess server, Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (Exception | Error e) {
            System.err.println("bench: the run failed; end of the server log:\n" + server.logTail());
            throw e;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
