package io.atoll.point;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atoll.error.AtollException;
import org.junit.jupiter.api.Test;

class VectorValueTest {
    @Test
    void sparseVectorsAreKeptInUnsignedIndexOrder() {
        VectorValue.Sparse s = new VectorValue.Sparse(new int[] {-1, 7, 0, Integer.MIN_VALUE},
                new float[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {0, 7, Integer.MIN_VALUE, -1}, s.indices());
        assertArrayEquals(new float[] {3, 2, 4, 1}, s.values());
        assertEquals(s, new VectorValue.Sparse(new int[] {0, 7, Integer.MIN_VALUE, -1}, new float[] {3, 2, 4, 1}));
        assertEquals(s.hashCode(), new VectorValue.Sparse(s.indices(), s.values()).hashCode());
        assertThrows(IllegalArgumentException.class, () -> new VectorValue.Sparse(new int[] {1}, new float[0]));
    }

    @Test
    void valuesAreEqualByContentAndOnlyDenseOnesAreDense() {
        assertEquals(VectorValue.of(new float[] {1, 2}), VectorValue.of(new float[] {1, 2}));
        assertNotEquals(VectorValue.of(new float[] {1, 2}), new VectorValue.Multi(new float[][] {{1, 2}}));
        assertEquals(new VectorValue.Multi(new float[][] {{1, 2}}), new VectorValue.Multi(new float[][] {{1, 2}}));
        assertArrayEquals(new float[] {1, 2}, VectorValue.of(new float[] {1, 2}).asDense());
        assertThrows(AtollException.class, () -> new VectorValue.Multi(new float[][] {{1}}).asDense());
        assertThrows(AtollException.class, () -> new VectorValue.Sparse(new int[] {1}, new float[] {1}).asDense());
    }
}
