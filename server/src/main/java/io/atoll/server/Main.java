package io.atoll.server;

import io.atoll.cli.ExplainCommand;
import io.atoll.cli.SnapshotsCommand;
import io.atoll.cli.NodesCommand;
import io.atoll.cli.ReplicasCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The atoll command line. */
@Command(name = "atoll", mixinStandardHelpOptions = true, subcommands = {Main.Server.class, ReplicasCommand.class,
        NodesCommand.class, ExplainCommand.class, SnapshotsCommand.class},
        description = "Atoll, a distributed vector database.")
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Run a node in the foreground.")
    static final class Server implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file (default: config/config.yaml if present)")
        Path config;
        @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
        String host;
        @Option(names = "--http-port", description = "REST port (default 6333)")
        Integer httpPort;
        @Option(names = "--grpc-port", description = "gRPC port (default 6334; reserved for the gRPC API)")
        Integer grpcPort;
        @Option(names = "--p2p-port", description = "peer-to-peer port (default 6335)")
        Integer p2pPort;
        @Option(names = "--storage", description = "data directory (default ./storage)")
        Path storage;
        @Option(names = "--uri", description = "this node's own peer URL, e.g. http://host:6335")
        String uri;
        @Option(names = "--bootstrap", description = "peer URL of a member to join")
        String bootstrap;
        @Option(names = "--node-name", description = "this node's name in Weaviate's API (default: its peer id)")
        String nodeName;

        @Override
        public Integer call() throws Exception {
            Map<String, String> flags = new LinkedHashMap<>();
            put(flags, "service.host", host);
            put(flags, "service.http_port", httpPort);
            put(flags, "service.grpc_port", grpcPort);
            put(flags, "cluster.p2p.port", p2pPort);
            put(flags, "storage.storage_path", storage);
            put(flags, "cluster.uri", uri);
            put(flags, "cluster.bootstrap", bootstrap);
            put(flags, "cluster.node_name", nodeName);
            NodeConfig cfg;
            try {
                cfg = ConfigLoader.load(config, System.getenv(), flags);
            } catch (IllegalArgumentException e) {
                System.err.println("atoll: " + e.getMessage());
                return 2;
            }
            AtollNode node;
            try {
                node = AtollNode.start(cfg);
            } catch (IllegalStateException e) {
                System.err.println("atoll: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }

        private static void put(Map<String, String> flags, String key, Object value) {
            if (value != null) {
                flags.put(key, value.toString());
            }
        }
    }
}
