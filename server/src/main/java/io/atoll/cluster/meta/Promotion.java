package io.atoll.cluster.meta;

import io.atoll.codec.WireCodec;
import io.atoll.filter.Filter;
import io.atoll.point.ShardKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * A tenant's points being replicated from one shard key to another (Qdrant's {@code replicate_points}, its
 * "tenant promotion"): the source key's single shard copies the points matching {@code filter} to the target key's
 * single shard and forwards its writes to them, through one ordered queue as a resharding's migration does. Then
 * readers switch to the target (its replica ActiveRead, writes with a fallback key reach both), then writers
 * (Active). The source keeps its points: the user deletes them when the tenant has moved. Immutable.
 *
 * @param filter         the tenant's filter, in the wire codec's encoding (base64), so that the metadata codec
 *                       need not know filters
 * @param migration      the copy from {@code from} to {@code to} and its progress
 * @param readsSwitched  whether readers use the target already (its replica is ActiveRead)
 * @param stageIndex     the Raft index of the record that began the current stage: writers switch only once
 *                       every live node has acted on the readers' switch
 */
public record Promotion(String uuid, ShardKey fromKey, ShardKey toKey, int from, int to, String filter,
                        Migration migration, boolean readsSwitched, long startedAtMillis, long stageAtMillis,
                        long stageIndex) {

    public static String encode(Filter f) {
        return Base64.getEncoder().encodeToString(WireCodec.encode(f == null ? Filter.EMPTY : f, Filter.class));
    }

    public Filter decodedFilter() {
        try {
            return WireCodec.decode(Base64.getDecoder().decode(filter), Filter.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a promotion's filter does not decode", e);
        }
    }

    /** Whether the copy completed under the source's current primary term. */
    public boolean migrated(CollectionMeta c) {
        ShardInfo source = c.shard(from);
        return source != null && migration.syncedIn(source.term());
    }

    Promotion withMigration(Migration m) {
        return new Promotion(uuid, fromKey, toKey, from, to, filter, m, readsSwitched, startedAtMillis, stageAtMillis,
                stageIndex);
    }

    Promotion readersSwitched(long atMillis, long index) {
        return new Promotion(uuid, fromKey, toKey, from, to, filter, migration, true, startedAtMillis, atMillis, index);
    }
}
