package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Promotion;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Drives every tenant promotion ({@code replicate_points}) to its end, as {@link ReshardingDecider} drives a
 * resharding, and for the same reasons:
 * <ul>
 *   <li>readers switch to the target once the copy is synced in the source's current term;</li>
 *   <li>writers switch (the promotion finishes) once every live node acted on the readers' switch, and the copy
 *       is synced in the source's current term again if its primary changed meanwhile: until then writers use the
 *       fallback key, whose primary forwards to the target;</li>
 *   <li>a promotion whose target replica is no longer in sync, or is on a node that is down, is aborted while
 *       readers have not switched: nothing takes what the source forwards. The source still holds every point.</li>
 * </ul>
 */
public final class PromotionDecider implements Decider {
    private final LongSupplier wallClockMillis;

    public PromotionDecider(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "promotion";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        List<Decision> out = new ArrayList<>();
        for (CollectionMeta c : view.image().collections().values()) {
            Promotion p = c.promotion();
            if (p == null) {
                continue;
            }
            String what = "replication of points " + p.uuid() + " in " + c.name() + " from key " + p.fromKey()
                    + " to key " + p.toKey();
            if (!p.readsSwitched()) {
                ShardInfo to = c.shard(p.to());
                boolean targetLost = to == null || to.replicas().entrySet().stream()
                        .noneMatch(e -> e.getValue().state().isInSync() && !view.down().contains(e.getKey()));
                if (targetLost) {
                    out.add(new Decision(new MetadataRecord.AbortPromotion(c.name(), p.uuid(),
                            "the target has no replica in sync on a live node"), what + ": the target has no "
                            + "replica in sync on a live node: aborting"));
                } else if (p.migrated(c)) {
                    out.add(new Decision(new MetadataRecord.SwitchPromotionReads(c.name(), p.uuid(),
                            wallClockMillis.getAsLong()), what + ": the copy is synced: switching reads"));
                }
            } else if (view.allLiveActedOn(p.stageIndex()) && p.migrated(c)) {
                out.add(new Decision(new MetadataRecord.FinishPromotion(c.name(), p.uuid()),
                        what + ": every live node reads from the target: switching writes"));
            }
        }
        return out;
    }
}
