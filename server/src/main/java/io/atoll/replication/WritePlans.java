package io.atoll.replication;

import io.atoll.error.AtollException;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointVectors;
import io.atoll.shard.OperationPlan;
import java.util.List;
import java.util.function.Function;

/**
 * The shard operation a points update becomes on its primary: a filter is resolved to ids and the existence of
 * the points an update modifies is checked there, under the shard's write lock, so that what is logged is exactly
 * what was applied.
 */
final class WritePlans {
    private WritePlans() {
    }

    static OperationPlan planFor(PointsUpdate part) {
        return switch (part) {
            case PointsUpdate.Upsert u -> OperationPlan.of(new ShardOperation.Upsert(u.points()));
            case PointsUpdate.UpdateVectors u -> existing(u.points().stream().map(PointVectors::id).toList(),
                    new ShardOperation.UpdateVectors(u.points()));
            case PointsUpdate.Delete d -> selected(d.selector(), ShardOperation.Delete::new);
            case PointsUpdate.SetPayload s -> selected(s.selector(),
                    ids -> new ShardOperation.SetPayload(ids, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> selected(o.selector(),
                    ids -> new ShardOperation.OverwritePayload(ids, o.payload()));
            case PointsUpdate.DeletePayload d -> selected(d.selector(),
                    ids -> new ShardOperation.DeletePayloadKeys(ids, d.keys()));
            case PointsUpdate.ClearPayload c -> selected(c.selector(), ShardOperation.ClearPayload::new);
            case PointsUpdate.DeleteVectors d -> selected(d.selector(),
                    ids -> new ShardOperation.DeleteVectors(ids, d.vectorNames()));
        };
    }

    /** Whether the update selects its points by filter (resolved on the primary) rather than naming them. */
    static boolean byFilter(PointsUpdate part) {
        return switch (part) {
            case PointsUpdate.Upsert u -> false;
            case PointsUpdate.UpdateVectors u -> false;
            case PointsUpdate.Delete d -> d.selector().filter() != null;
            case PointsUpdate.SetPayload s -> s.selector().filter() != null;
            case PointsUpdate.OverwritePayload o -> o.selector().filter() != null;
            case PointsUpdate.DeletePayload d -> d.selector().filter() != null;
            case PointsUpdate.ClearPayload c -> c.selector().filter() != null;
            case PointsUpdate.DeleteVectors d -> d.selector().filter() != null;
        };
    }

    private static OperationPlan selected(PointsSelector selector, Function<List<PointId>, ShardOperation> op) {
        if (selector.filter() != null) {
            return engine -> op.apply(engine.matchingIds(selector.filter()));
        }
        ShardOperation o = op.apply(selector.ids());
        return o.modifiesExisting() ? existing(selector.ids(), o) : OperationPlan.of(o);
    }

    /** Refuses, under the primary's write lock, an operation on points that do not exist. */
    private static OperationPlan existing(List<PointId> ids, ShardOperation op) {
        return engine -> {
            for (PointId id : ids) {
                if (!engine.exists(id)) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            return op;
        };
    }
}
