package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Migration;
import io.atoll.cluster.meta.Promotion;
import io.atoll.cluster.meta.Resharding;
import io.atoll.cluster.meta.ShardInfo;
import java.util.Locale;

/**
 * A collection's resharding as {@code GET /collections/{c}/cluster} shows it: Qdrant's
 * {@code resharding_operations} entry (uuid, direction, shard_id, peer_id, shard_key) with Atoll's stage, progress
 * and ETA beside it, and each migration as a {@code resharding_stream_records} entry of {@code shard_transfers}
 * (from the source's primary to the target's, with {@code to_shard_id}), from the metadata so every node answers
 * the same.
 */
final class ReshardingJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReshardingJson() {
    }

    static ObjectNode operation(Resharding rs, long nowMillis) {
        ObjectNode o = F.objectNode();
        o.put("uuid", rs.uuid()).put("direction", rs.direction().apiName()).put("shard_id", rs.shardId())
                .put("peer_id", rs.peer());
        if (rs.shardKey() == null) {
            o.putNull("shard_key");
        } else {
            o.set("shard_key", ShardKeyParser.json(rs.shardKey()));
        }
        double seconds = Math.max(0, nowMillis - rs.startedAtMillis()) / 1000.0;
        long done = rs.pointsCopied();
        long total = Math.max(done, rs.pointsTotal());
        o.put("stage", rs.stage().apiName()).put("auto", rs.auto()).put("started_at_ms", rs.startedAtMillis())
                .put("stage_started_at_ms", rs.stageAtMillis()).put("points_migrated", done)
                .put("points_total", total).put("seconds", seconds);
        double rate = seconds > 0 ? done / seconds : 0;
        if (rate > 0 && !rs.stage().readsNewRing()) {
            o.put("eta_sec", (total - done) / rate);
        } else {
            o.putNull("eta_sec");
        }
        return o;
    }

    /** A running resharding's migrations and a running promotion's copy, as Qdrant lists them: transfers. */
    static ArrayNode migrations(CollectionMeta meta, long nowMillis) {
        ArrayNode out = F.arrayNode();
        Resharding rs = meta.resharding();
        if (rs != null) {
            rs.migrations().values().forEach(m -> migration(out.addObject(), meta, m, "resharding_stream_records",
                    rs.startedAtMillis(), nowMillis));
        }
        Promotion p = meta.promotion();
        if (p != null) {
            // Qdrant lists replicate_points as a filtered stream_records transfer between the keys' shards.
            ObjectNode o = out.addObject();
            migration(o, meta, p.migration(), "stream_records", p.startedAtMillis(), nowMillis);
            o.set("from_shard_key", ShardKeyParser.json(p.fromKey()));
            o.set("to_shard_key", ShardKeyParser.json(p.toKey()));
            o.put("reads_switched", p.readsSwitched());
        }
        return out;
    }

    private static void migration(ObjectNode o, CollectionMeta meta, Migration m, String method, long startedAtMillis,
                                  long nowMillis) {
        double seconds = Math.max(0, nowMillis - startedAtMillis) / 1000.0;
        ShardInfo from = meta.shard(m.from());
        ShardInfo to = meta.shard(m.to());
        boolean synced = from != null && m.syncedIn(from.term());
        o.put("shard_id", m.from()).put("to_shard_id", m.to())
                .put("from", from == null ? 0 : from.primary()).put("to", to == null ? 0 : to.primary())
                .put("sync", true).put("method", method);
        String stage = synced ? "forwarding writes" : "transferring";
        o.put("comment", String.format(Locale.ROOT, "%s (%.2fs) | Transferring records (%d/%d)", stage, seconds,
                m.copied(), Math.max(m.copied(), m.total())));
        o.put("synced", synced).put("points_done", m.copied()).put("points_total", m.total());
        if (m.lastError() != null) {
            o.put("error", m.lastError());
        }
    }
}
