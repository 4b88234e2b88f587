package io.atoll.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The points --scale makes past the dataset's rows: near their source, not duplicates, unit length, repeatable. */
class ScaleBenchTest {
    private static Dataset source() {
        return TestVectors.dataset(3, 50, 2, 384);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void copiesPastTheDatasetAreNoisyUnitVectorsNearTheirSource() {
        Dataset src = source();
        Dataset big = ScaleBench.scaled(src, 500);
        assertEquals(500, big.base().length);
        assertSame(src.base()[7], big.base()[7], "the dataset's own rows come first, unchanged");
        for (int i = 50; i < 500; i++) {
            float[] v = big.base()[i];
            assertEquals(1.0, dot(v, v), 1e-4, "row " + i + " is renormalised");
            double cos = dot(v, src.base()[i % 50]);
            assertTrue(cos > 0.8 && cos < 0.97, "row " + i + " lies near its source, not on it: cosine " + cos);
            assertEquals(src.texts()[i % 50], big.texts()[i]);
        }
        assertNotEquals(Arrays.toString(big.base()[50]), Arrays.toString(big.base()[100]),
                "two copies of one source differ");
        assertArrayEquals(big.base()[321], ScaleBench.scaled(src, 500).base()[321], "seeded: runs compare");
        assertArrayEquals(GroundTruth.bruteForce(big.base(), src.queries())[1], big.truth().neighbours()[1],
                "the ground truth is over every point");
        assertSame(src, ScaleBench.scaled(src, 50));
    }
}
