package io.atoll.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full chaos matrix, only with {@code -Pchaos}: every scenario in turn over many seeds. Its arguments come from
 * {@code -Dchaos.args="--seeds N --minutes M ..."} (see ChaosMain); the default is 100 seeds of 30 s of chaos.
 */
@Tag("chaos")
class ChaosMatrixTest {
    @Test
    void matrixFindsNothing() throws Exception {
        assertNull(ChaosLauncher.unsupported());
        String args = System.getProperty("chaos.args", "--seeds 100 --minutes 0.5");
        ChaosLauncher.Finished o = ChaosLauncher.run(Arrays.asList(args.trim().split("\\s+")), Duration.ofHours(12));
        assertEquals(0, o.exitCode(), "the chaos matrix found problems:\n" + o.output());
    }
}
