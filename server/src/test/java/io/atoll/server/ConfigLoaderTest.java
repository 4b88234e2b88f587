package io.atoll.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.control.manage.ManagementSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1: the self-management settings as a node reads them (defaults, the YAML file, ATOLL__ variables), and the
 * durations {@code replace_dead_after} takes; a bad value stops the node with the key named.
 */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ManagementSettings load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env, Map.of()).management();
    }

    @Test
    void selfManagementIsOnByDefaultAndReplacesAfterFiveMinutes() throws IOException {
        ManagementSettings m = load("cluster: {}\n", Map.of());
        assertTrue(m.rebalance());
        assertTrue(m.keepReplicationFactor());
        assertEquals(Duration.ofMinutes(5), m.replaceDeadAfter());
        assertEquals(1, m.incomingLimit());
    }

    @Test
    void durationsAndSwitchesComeFromTheFileAndTheEnvironment() throws IOException {
        assertEquals(Duration.ofSeconds(90), load("cluster:\n  replace_dead_after: 90s\n", Map.of()).replaceDeadAfter());
        assertEquals(Duration.ofHours(1), load("cluster:\n  replace_dead_after: 1h\n", Map.of()).replaceDeadAfter());
        assertEquals(Duration.ofSeconds(12), load("cluster:\n  replace_dead_after: 12\n", Map.of()).replaceDeadAfter());
        ManagementSettings off = load("cluster:\n  rebalance: false\n", Map.of("ATOLL__CLUSTER__KEEP_REPLICATION_FACTOR",
                "false", "ATOLL__CLUSTER__REPLACE_DEAD_AFTER", "2m"));
        assertFalse(off.rebalance());
        assertFalse(off.keepReplicationFactor());
        assertEquals(Duration.ofMinutes(2), off.replaceDeadAfter());
    }

    @Test
    void badValuesNameTheirKey() {
        for (String bad : new String[] {"5 minutes", "-5s", "0s", "31d", "5d", "99999999999s", "\"\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load("cluster:\n  replace_dead_after: " + bad + "\n", Map.of()), bad);
            assertTrue(e.getMessage().contains("replace_dead_after"), e.getMessage());
        }
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> load("cluster:\n  dead_after_ms: 10000\n  replace_dead_after: 10s\n", Map.of()));
        assertTrue(early.getMessage().contains("must be longer than dead_after_ms"), early.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("cluster:\n  rebalance: maybe\n", Map.of()));
        assertTrue(e.getMessage().contains("rebalance"), e.getMessage());
    }

    @Test
    void grpcLimitsHaveDefaultsAndRefuseBadValuesByName() throws IOException {
        Path file = dir.resolve("g.yaml");
        Files.writeString(file, "service: {}\n");
        assertEquals(io.atoll.api.grpc.GrpcLimits.DEFAULT_MAX_MESSAGE_BYTES,
                ConfigLoader.load(file, Map.of(), Map.of()).grpc().maxMessageBytes());
        assertEquals(64, ConfigLoader.load(file, Map.of("ATOLL__SERVICE__GRPC_MAX_CONCURRENT_CALLS", "64"), Map.of())
                .grpc().maxConcurrentCalls());
        for (String bad : new String[] {"grpc_max_message_bytes: 10", "grpc_max_message_bytes: many",
                "grpc_max_concurrent_calls: 0", "grpc_max_concurrent_calls: -3"}) {
            Files.writeString(file, "service:\n  " + bad + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigLoader.load(file, Map.of(), Map.of()), bad);
            assertTrue(e.getMessage().contains(bad.substring(0, bad.indexOf(':'))), e.getMessage());
        }
    }

    @Test
    void snapshotsLiveInTheStorageDirectoryUnlessConfiguredElsewhere() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "storage:\n  storage_path: /data/atoll\n");
        assertEquals(Path.of("/data/atoll/snapshots"), ConfigLoader.load(file, Map.of(), Map.of()).snapshotsPath());
        Files.writeString(file, "storage:\n  snapshots_path: /backups\n");
        assertEquals(Path.of("/backups"), ConfigLoader.load(file, Map.of(), Map.of()).snapshotsPath());
        assertEquals(Path.of("/elsewhere"), ConfigLoader.load(file, Map.of("ATOLL__STORAGE__SNAPSHOTS_PATH",
                "/elsewhere"), Map.of()).snapshotsPath());
    }
}
