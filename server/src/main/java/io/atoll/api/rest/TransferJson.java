package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferCheckpoint;
import java.util.Locale;

/**
 * A collection's running transfers as Qdrant's {@code shard_transfers} shows them (from, to, shard_id, sync,
 * method, comment), with Atoll's own structured progress beside them, from the checkpoints in the metadata (so
 * every node answers the same).
 */
final class TransferJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TransferJson() {
    }

    static ArrayNode transfers(CollectionMeta meta, long nowMillis) {
        ArrayNode out = F.arrayNode();
        for (ShardInfo s : meta.shards().values()) {
            for (ShardTransfer t : s.transfers().values()) {
                Rates r = Rates.of(t, nowMillis);
                ObjectNode o = out.addObject();
                o.put("shard_id", t.shard()).put("from", t.from()).put("to", t.to())
                        .put("sync", !t.move()).put("method", t.method().apiName());
                o.put("comment", comment(t.checkpoint(), r.seconds, r.eta));
                o.put("kind", t.move() ? "move" : "copy").put("automatic", t.automatic())
                        .put("to_incarnation", t.toIncarnation()).put("started_at_ms", t.startedAtMillis());
                o.setAll(progress(t, nowMillis));
            }
        }
        return out;
    }

    /** Rates since the transfer started, and the ETA (-1 when unknown): in bytes for a snapshot, else points. */
    private record Rates(double seconds, double pointsPerSec, double bytesPerSec, double eta) {
        static Rates of(ShardTransfer t, long nowMillis) {
            TransferCheckpoint c = t.checkpoint();
            double seconds = Math.max(0, nowMillis - t.startedAtMillis()) / 1000.0;
            double rate = seconds > 0 ? c.pointsDone() / seconds : 0;
            double byteRate = seconds > 0 ? c.bytesDone() / seconds : 0;
            double eta = c.bytesTotal() > 0
                    ? byteRate > 0 ? Math.max(0, c.bytesTotal() - c.bytesDone()) / byteRate : -1
                    : rate > 0 ? Math.max(0, c.pointsTotal() - c.pointsDone()) / rate : -1;
            return new Rates(seconds, rate, byteRate, eta);
        }
    }

    /**
     * One transfer's structured progress (Atoll's own): method, stage, points and bytes done of total, rates, ETA
     * and the error it meets, if any. Replication operations show the same under {@code transfer}.
     */
    static ObjectNode progress(ShardTransfer t, long nowMillis) {
        TransferCheckpoint c = t.checkpoint();
        Rates r = Rates.of(t, nowMillis);
        ObjectNode o = F.objectNode();
        o.put("method", t.method().apiName()).put("stage", c.stage().apiName())
                .put("points_done", c.pointsDone()).put("points_total", c.pointsTotal())
                .put("points_per_sec", r.pointsPerSec);
        if (c.bytesTotal() > 0) {
            o.put("bytes_done", c.bytesDone()).put("bytes_total", c.bytesTotal()).put("bytes_per_sec", r.bytesPerSec);
        }
        if (r.eta >= 0) {
            o.put("eta_sec", r.eta);
        } else {
            o.putNull("eta_sec");
        }
        if (c.error() != null) {
            o.put("error", c.error());
        }
        return o;
    }

    /** Qdrant's comment: {@code <stage> (12.30s) | Transferring records (1200/5000), ETA: 38.90s}. */
    private static String comment(TransferCheckpoint c, double seconds, double eta) {
        StringBuilder b = new StringBuilder(c.stage().apiName())
                .append(String.format(Locale.ROOT, " (%.2fs)", seconds));
        if (c.pointsTotal() > 0) {
            b.append(" | Transferring records (").append(c.pointsDone()).append('/').append(c.pointsTotal())
                    .append(')');
            if (eta >= 0) {
                b.append(String.format(Locale.ROOT, ", ETA: %.2fs", eta));
            }
        }
        if (c.bytesTotal() > 0) {
            b.append(" | Transferring snapshot (").append(c.bytesDone()).append('/').append(c.bytesTotal())
                    .append(" bytes)");
            if (eta >= 0) {
                b.append(String.format(Locale.ROOT, ", ETA: %.2fs", eta));
            }
        }
        if (c.error() != null) {
            b.append(" | failing: ").append(c.error());
        }
        return b.toString();
    }
}
