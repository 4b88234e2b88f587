package io.atoll.replication;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Migration;
import io.atoll.cluster.meta.Promotion;
import io.atoll.cluster.meta.Resharding;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.filter.PayloadMatcher;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.routing.ShardRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one migration moves from a source shard to a target shard, whether a resharding's (the points the new
 * ring routes to the target) or a tenant promotion's (the points matching the tenant's filter): which points a
 * copy takes, which part of a write is forwarded, and which points of the target came from the source. Immutable.
 *
 * @param scope   the points the copy reads at the source, and the target's points that came from it
 * @param byId    of those, the ids that move (a resharding's ring; every id for a promotion)
 * @param byPayload whether an upsert's points are forwarded only when their payload matches {@code scope} (a
 *                promotion; other writes go whole: at the target they change only the points it holds)
 * @param shares  how many shards the source's points spread over afterwards, for the estimate of the copy's size
 */
record MigrationScope(String uuid, int from, int to, Filter scope, Predicate<PointId> byId, boolean byPayload,
                      int shares) {

    /** The migrations {@code shard} is the source of in {@code c}, while their writes are still forwarded. */
    static List<MigrationScope> outgoing(CollectionMeta c, int shard) {
        List<MigrationScope> out = new ArrayList<>();
        Resharding rs = c.resharding();
        if (rs != null && !rs.stage().writesNewRing()) {
            ShardRouter newRing = new ShardRouter(rs.newRing());
            for (Migration m : rs.migrations().values()) {
                if (m.from() == shard) {
                    out.add(new MigrationScope(rs.uuid(), m.from(), m.to(), Filter.EMPTY,
                            id -> newRing.shardOf(id) == m.to(), false, rs.newRing().size()));
                }
            }
        }
        Promotion p = c.promotion();
        if (p != null && p.from() == shard) {
            out.add(promotion(p));
        }
        return out;
    }

    /** The migration {@code uuid} from {@code from} into {@code to} while the target takes it, else null. */
    static MigrationScope incoming(CollectionMeta c, String uuid, int from, int to) {
        Resharding rs = c.resharding();
        if (rs != null && rs.uuid().equals(uuid) && !rs.stage().writesNewRing()
                && rs.migrations().values().stream().anyMatch(m -> m.from() == from && m.to() == to)) {
            return new MigrationScope(uuid, from, to, Filter.allOf(new Condition.InRing(rs.oldRing(), from)),
                    id -> true, false, 1);
        }
        Promotion p = c.promotion();
        if (p != null && p.uuid().equals(uuid) && p.from() == from && p.to() == to) {
            return promotion(p);
        }
        return null;
    }

    /** Whether the resharding or promotion {@code uuid} still runs in {@code c}. */
    static boolean running(CollectionMeta c, String uuid) {
        return c != null && (c.resharding() != null && c.resharding().uuid().equals(uuid)
                || c.promotion() != null && c.promotion().uuid().equals(uuid));
    }

    private static MigrationScope promotion(Promotion p) {
        return new MigrationScope(p.uuid(), p.from(), p.to(), p.decodedFilter(), id -> true, true, 1);
    }

    /** The part of a logged write the target gets, or null when none. */
    ShardOperation part(ShardOperation op) {
        ShardOperation mine = op.restrictedTo(byId);
        if (mine instanceof ShardOperation.Upsert u && byPayload) {
            List<PointStruct> matching = u.points().stream()
                    .filter(pt -> PayloadMatcher.matches(scope, pt)).toList();
            return matching.isEmpty() ? null : new ShardOperation.Upsert(matching);
        }
        return mine;
    }
}
