package io.atoll.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * L4 in the default run: short seeded chaos runs against real processes in their own network namespaces. Each must
 * end with nothing lost, unexpected, divergent or non-linearizable, metadata images equal and terms monotonic. The
 * full matrix is {@code ./atoll chaos} or {@code mvn -Pchaos verify}.
 */
class ChaosSmokeTest {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({"crashes, 11", "partitions, 12", "mixed, 13"})
    void shortRunFindsNothing(String scenario, long seed) throws Exception {
        assertNull(ChaosLauncher.unsupported());
        ChaosLauncher.Outcome o = ChaosLauncher.run(List.of("--scenario", scenario, "--seed", Long.toString(seed),
                "--minutes", "0.3", "--out", "target/chaos-smoke"), LIMIT);
        assertEquals(0, o.exitCode(), "chaos run " + scenario + " seed " + seed + " found problems:\n" + o.output());
    }
}
