package io.atoll.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.atoll.shard.ShardSettings;
import io.atoll.api.grpc.GrpcLimits;
import io.atoll.collection.IssueBoard;
import io.atoll.cluster.control.manage.ManagementSettings;
import io.atoll.security.SecuritySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Merges configuration sources into a {@link NodeConfig}. Keys are paths such as {@code service.http_port};
 * the environment variable {@code ATOLL__SERVICE__HTTP_PORT} sets the same key.
 */
public final class ConfigLoader {
    static final Path DEFAULT_FILE = Path.of("config", "config.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /** Built-in defaults; the YAML file in config/ documents each of them. */
    static ObjectNode defaults() {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode service = root.putObject("service");
        service.put("host", "127.0.0.1");
        service.put("http_port", 6333);
        service.put("grpc_port", 6334);
        service.put("grpc_max_message_bytes", GrpcLimits.DEFAULT_MAX_MESSAGE_BYTES);
        service.put("grpc_max_concurrent_calls", GrpcLimits.DEFAULT_MAX_CONCURRENT_CALLS);
        service.put("slow_query_secs", IssueBoard.DEFAULT_SLOW_QUERY.toMillis() / 1000.0);
        service.put("jwt_rbac", false);
        service.put("max_request_size_mb", SecuritySettings.DEFAULT_MAX_REQUEST_BYTES >> 20);
        service.put("max_header_bytes", SecuritySettings.DEFAULT_MAX_HEADER_BYTES);
        service.put("enable_tls", false);
        service.put("verify_https_client_certificate", false);
        ObjectNode rate = service.putObject("rate_limit");
        rate.put("requests_per_second", 0);
        rate.put("burst", 0);
        SecuritySettings.Tls tlsOff = SecuritySettings.Tls.OFF;
        ObjectNode tls = root.putObject("tls");
        tls.put("cert", tlsOff.cert().toString());
        tls.put("key", tlsOff.key().toString());
        tls.put("ca_cert", tlsOff.caCert().toString());
        tls.put("watch_interval_ms", tlsOff.watchInterval().toMillis());
        ObjectNode storage = root.putObject("storage");
        storage.put("storage_path", "./storage");
        storage.put("wal_fsync", true);
        storage.put("wal_segment_mb", 32);
        storage.put("wal_retain_segments", 2);
        storage.put("wal_retention_max_age_sec", 1800);
        storage.put("wal_retention_max_mb", 1024);
        storage.put("refresh_min_interval_ms", 20);
        storage.put("flush_interval_sec", 5);
        ObjectNode performance = storage.putObject("performance");
        performance.put("incoming_shard_transfers_limit", 1);
        performance.put("outgoing_shard_transfers_limit", 1);
        ObjectNode cluster = root.putObject("cluster");
        ObjectNode p2p = cluster.putObject("p2p");
        p2p.put("port", 6335);
        p2p.put("enable_tls", false);
        cluster.put("replication_timeout_ms", 2000);
        cluster.put("dead_after_ms", 5000);
        cluster.put("transfer_rate_limit_bytes_per_sec", 0);
        cluster.put("replace_dead_after", "5m");
        cluster.put("rebalance", true);
        cluster.put("keep_replication_factor", true);
        cluster.put("min_free_disk_mb", 256);
        return root;
    }

    public static NodeConfig load(Path file, Map<String, String> env, Map<String, String> flags) throws IOException {
        ObjectNode merged = defaults();
        Path configFile = file != null ? file : (Files.exists(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (configFile != null) {
            if (!Files.exists(configFile)) {
                throw new IllegalArgumentException("config file " + configFile + " does not exist");
            }
            JsonNode fromFile = YAML.readTree(configFile.toFile());
            if (fromFile != null && fromFile.isObject()) {
                merge(merged, (ObjectNode) fromFile);
            } else if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                throw new IllegalArgumentException("config file " + configFile + " must hold a YAML mapping");
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("ATOLL__")) {
                set(merged, k.substring(7).toLowerCase(Locale.ROOT).replace("__", "."), v);
            }
        });
        flags.forEach((k, v) -> set(merged, k, v));
        return bind(merged);
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode f) {
                merge(o, f);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private static void set(ObjectNode root, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static NodeConfig bind(ObjectNode c) {
        NodeConfig config = bindKeys(c);
        if (config.management().replaceDeadAfter().compareTo(config.deadAfter()) <= 0) {
            throw new IllegalArgumentException("configuration key replace_dead_after ("
                    + config.management().replaceDeadAfter() + ") must be longer than dead_after_ms ("
                    + config.deadAfter() + "): a node is first found down, and replaced only later");
        }
        return config;
    }

    private static NodeConfig bindKeys(ObjectNode c) {
        JsonNode service = c.path("service");
        JsonNode storage = c.path("storage");
        JsonNode cluster = c.path("cluster");
        ShardSettings shards = new ShardSettings(
                bool(storage, "wal_fsync"),
                (long) integer(storage, "wal_segment_mb", 1, 1024) << 20,
                integer(storage, "wal_retain_segments", 0, 1000),
                integer(storage, "refresh_min_interval_ms", 0, 60_000),
                integer(storage, "wal_retention_max_age_sec", 0, 7 * 24 * 3600),
                (long) integer(storage, "wal_retention_max_mb", 0, 1 << 20) << 20);
        return new NodeConfig(
                text(service, "host"),
                integer(service, "http_port", 0, 65535),
                integer(service, "grpc_port", 0, 65535),
                integer(cluster.path("p2p"), "port", 0, 65535),
                Path.of(text(storage, "storage_path")),
                shards,
                integer(storage, "flush_interval_sec", 1, 3600),
                cluster.hasNonNull("uri") ? cluster.get("uri").asText() : null,
                cluster.hasNonNull("bootstrap") ? cluster.get("bootstrap").asText() : null,
                Duration.ofMillis(integer(cluster, "replication_timeout_ms", 100, 600_000)),
                Duration.ofMillis(integer(cluster, "dead_after_ms", 500, 3_600_000)),
                integer(cluster, "transfer_rate_limit_bytes_per_sec", 0, Integer.MAX_VALUE),
                integer(storage.path("performance"), "incoming_shard_transfers_limit", 1, 1000),
                integer(storage.path("performance"), "outgoing_shard_transfers_limit", 1, 1000),
                nodeName(cluster),
                new ManagementSettings(bool(cluster, "rebalance"), bool(cluster, "keep_replication_factor"),
                        duration(cluster, "replace_dead_after", Duration.ofSeconds(1), Duration.ofDays(30)),
                        integer(storage.path("performance"), "incoming_shard_transfers_limit", 1, 1000),
                        integer(storage.path("performance"), "outgoing_shard_transfers_limit", 1, 1000),
                        (long) integer(cluster, "min_free_disk_mb", 0, Integer.MAX_VALUE) << 20),
                new GrpcLimits(integer(service, "grpc_max_message_bytes", 1024, Integer.MAX_VALUE),
                        integer(service, "grpc_max_concurrent_calls", 1, 1_000_000)),
                storage.hasNonNull("snapshots_path") ? Path.of(text(storage, "snapshots_path"))
                        : Path.of(text(storage, "storage_path")).resolve("snapshots"),
                seconds(service, "slow_query_secs"),
                SecurityConfig.bind(service, cluster.path("p2p"), c.path("tls")));
    }

    /** A node name: letters, digits, '-', '_' and '.', up to 64 (it appears in URLs and in Weaviate's JSON). */
    private static String nodeName(JsonNode cluster) {
        if (!cluster.hasNonNull("node_name") || cluster.get("node_name").asText().isEmpty()) {
            return null;
        }
        String name = cluster.get("node_name").asText();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("cluster.node_name must be 1 to 64 letters, digits, '.', '-' or '_', got `"
                    + name + "`");
        }
        return name;
    }

    /** A number of seconds, fractions allowed, from 0 to a day. */
    private static Duration seconds(JsonNode n, String key) {
        String s = text(n, key);
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0) || v > 86_400) {
            throw new IllegalArgumentException("configuration key " + key + " must be a number of seconds from 0 to "
                    + "86400, got " + s);
        }
        return Duration.ofNanos((long) (v * 1e9));
    }

    static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("configuration key " + key + " must be set");
        }
        return v.asText();
    }

    static int integer(JsonNode n, String key, int min, int max) {
        String s = text(n, key);
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException("configuration key " + key + " = " + v + " must be within [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " must be an integer, got " + s);
        }
    }

    /**
     * A duration as CockroachDB and Kubernetes write them: a number with {@code s}, {@code m} or {@code h}
     * ({@code 90s}, {@code 5m}, {@code 1h}), or a bare number of seconds.
     */
    private static Duration duration(JsonNode n, String key, Duration min, Duration max) {
        String s = text(n, key).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})([smh]?)").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("configuration key " + key + " must be a duration such as 90s, 5m or 1h, got "
                    + s);
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("configuration key " + key + " = " + s + " must be within [" + min
                    + ", " + max + "]");
        }
        return d;
    }

    static boolean bool(JsonNode n, String key) {
        String s = text(n, key).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("configuration key " + key + " must be true or false, got " + s);
        };
    }
}
