package io.atoll.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * L4 in the default run: short seeded chaos runs against real processes in their own network namespaces. Each must
 * end with nothing lost, unexpected, divergent or non-linearizable, metadata images equal and terms monotonic. The
 * full matrix is {@code ./atoll chaos} or {@code mvn -Pchaos verify}.
 */
class ChaosSmokeTest {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    /**
     * The mixed scenario draws from the crash, partition, disk and membership scenarios' faults; seed 13's first
     * fault is a partition (a bridge), so the default run keeps one.
     */
    @Test
    void shortMixedRunFindsNothing() throws Exception {
        run("mixed", 13);
    }

    /** In the long profile: crashes and partitions alone, and a transfer to a full disk. */
    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({"crashes, 11", "partitions, 12", "transfer-disk-full, 14"})
    @Tag("long")
    void shortRunOfEachOtherScenarioFindsNothing(String scenario, long seed) throws Exception {
        run(scenario, seed);
    }

    private static void run(String scenario, long seed) throws Exception {
        assertNull(ChaosLauncher.unsupported());
        ChaosLauncher.Finished o = ChaosLauncher.run(List.of("--scenario", scenario, "--seed", Long.toString(seed),
                "--minutes", "0.2", "--out", "target/chaos-smoke"), LIMIT);
        assertEquals(0, o.exitCode(), "chaos run " + scenario + " seed " + seed + " found problems:\n" + o.output());
    }

    /** The checker can fail: points deleted and forged behind the history's back must be reported. */
    @Test
    void forgedWritesAreReported() throws Exception {
        assertNull(ChaosLauncher.unsupported());
        Path out = Path.of("target/chaos-sabotage");
        ChaosLauncher.Finished o = ChaosLauncher.run(List.of("--scenario", "sabotage", "--seed", "1",
                "--minutes", "0.1", "--out", out.toString()), LIMIT);
        assertEquals(1, o.exitCode(), "the sabotaged run should fail:\n" + o.output());
        JsonNode findings = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get(0).get("findings");
        assertTrue(findings.path("lost").asLong() > 0 && findings.path("unexpected").asLong() == 1,
                "deleted points must be lost and the forged one unexpected, found " + findings + "\n" + o.output());
    }
}
