package io.atoll.query.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RRF and DBSF against values worked out by hand from Qdrant's formulas. */
class RankFusionTest {
    private static ScoredPoint p(long id, float score) {
        return new ScoredPoint(new PointId.Num(id), 1, score, null, Map.of());
    }

    private static List<Long> ids(List<ScoredPoint> points) {
        return points.stream().map(x -> ((PointId.Num) x.id()).value()).toList();
    }

    @Test
    void rrfSumsReciprocalRanks() {
        // k = 2: positions 0, 1, 2 gain 1/2, 1/3, 1/4
        List<ScoredPoint> fused = RankFusion.rrf(List.of(List.of(p(1, 9), p(2, 8), p(3, 7)),
                List.of(p(3, 0.9f), p(4, 0.8f))), 2, null);
        assertEquals(List.of(3L, 1L, 2L, 4L), ids(fused));
        assertEquals(0.25f + 0.5f, fused.get(0).score(), 1e-7);
        assertEquals(0.5f, fused.get(1).score(), 1e-7);
        assertEquals(1f / 3, fused.get(2).score(), 1e-7, "ties (2 and 4 both 1/3) go by ascending id");
        assertEquals(1f / 3, fused.get(3).score(), 1e-7);
    }

    @Test
    void rrfWeightsStretchPositions() {
        // weight 3 at k = 1: position p gains 1 / ((p + 1) / 3); weight 0 adds nothing
        List<ScoredPoint> fused = RankFusion.rrf(List.of(List.of(p(1, 1), p(2, 1)), List.of(p(2, 1))), 1,
                List.of(3f, 0f));
        assertEquals(List.of(1L, 2L), ids(fused));
        assertEquals(3f, fused.get(0).score(), 1e-6);
        assertEquals(1.5f, fused.get(1).score(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf(List.of(List.of(p(1, 1))), 2,
                List.of(1f, 1f)));
    }

    @Test
    void dbsfNormalisesByThreeSigmas() {
        // scores 1, 2, 3: mean 2, sample sigma 1, so the range is [-1, 5] and 3 maps to 4/6
        List<ScoredPoint> fused = RankFusion.dbsf(List.of(List.of(p(1, 3), p(2, 2), p(3, 1)), List.of(p(9, 42))));
        assertEquals(List.of(1L, 2L, 9L, 3L), ids(fused));
        assertEquals(4f / 6, fused.get(0).score(), 1e-6);
        assertEquals(0.5f, fused.get(1).score(), 1e-6);
        assertEquals(0.5f, fused.get(2).score(), 1e-6, "a list of one point scores 0.5");
        assertEquals(2f / 6, fused.get(3).score(), 1e-6);
        // equal scores give 0.5 each; a point in two lists sums both
        List<ScoredPoint> flat = RankFusion.dbsf(List.of(List.of(p(1, 5), p(2, 5)), List.of(p(2, 1), p(3, 0))));
        assertEquals(2L, ids(flat).getFirst());
        assertEquals(0.5f + (1 - (0.5f - 3 * 0.70710677f)) / (6 * 0.70710677f), flat.getFirst().score(), 1e-5);
    }
}
