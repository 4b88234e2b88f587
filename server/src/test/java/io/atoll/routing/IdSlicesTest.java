package io.atoll.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.point.PointId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** L0: SipHash-2-4 as its authors' reference computes it, and slices that are disjoint, covering and nested. */
class IdSlicesTest {
    @Test
    void sipHashMatchesThePapersTestVectors() {
        // SipHash paper, appendix A, and the reference vectors: key 00..0f, messages 00..(n-1)
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] fifteen = new byte[15];
        for (int i = 0; i < 15; i++) {
            fifteen[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, IdSlices.sipHash24(k0, k1, fifteen));
        assertEquals(0x726fdb47dd0e0e31L, IdSlices.sipHash24(k0, k1, new byte[0]));
    }

    @Test
    void slicesAreDisjointCoveringAndContainedInCoarserOnes() {
        int[] sizes = new int[4];
        for (long id = 0; id < 4000; id++) {
            PointId p = id % 2 == 0 ? PointId.of(id) : PointId.of(new UUID(id * 31, id * 17));
            int in = 0;
            for (int i = 0; i < 4; i++) {
                if (IdSlices.contains(p, 4, i)) {
                    in++;
                    sizes[i]++;
                    assertTrue(IdSlices.contains(p, 2, i % 2), "slice i of 4 lies in slice i % 2 of 2");
                }
            }
            assertEquals(1, in, "every id is in exactly one slice");
        }
        for (int s : sizes) {
            assertTrue(s > 800 && s < 1200, "slices are about even: " + java.util.Arrays.toString(sizes));
        }
    }
}
