package io.atoll.cluster.meta;

/**
 * The transfer records' effect on the image: the shard's change ({@link TransferApply}), then what it means for
 * the replication operation the transfer runs for, if any ({@link ReplicationApply}). Pure functions.
 */
final class TransferRecordsApply {
    private TransferRecordsApply() {
    }

    static ApplyResult progressed(ClusterImage image, MetadataRecord.TransferProgressed t, long index) {
        ReplicationOp op = ReplicationApply.operationOf(image, t.collection(), t.shard(), t.to());
        ShardTransfer before = transfer(image, t.collection(), t.shard(), t.to());
        ApplyResult r = MetadataApply.onShard(image, t.collection(), t.shard(), s -> TransferApply.progressed(s, t));
        return op == null || !r.applied() ? r
                : new ApplyResult(ReplicationApply.progressed(r.image(), op, t, before.checkpoint(), index), null);
    }

    static ApplyResult finish(ClusterImage image, MetadataRecord.FinishTransfer t, long index) {
        ReplicationOp op = ReplicationApply.operationOf(image, t.collection(), t.shard(), t.to());
        ApplyResult r = MetadataApply.onShard(image, t.collection(), t.shard(),
                s -> TransferApply.finish(s, t, op != null && op.type() == ReplicationOpType.MOVE,
                        op == null ? null : op.origin()));
        return op == null || !r.applied() ? r
                : new ApplyResult(ReplicationApply.finished(r.image(), op, t.atMillis(), index), null);
    }

    static ApplyResult abort(ClusterImage image, MetadataRecord.AbortTransfer t, long index) {
        ReplicationOp op = ReplicationApply.operationOf(image, t.collection(), t.shard(), t.to());
        ApplyResult r = MetadataApply.onShard(image, t.collection(), t.shard(), s -> TransferApply.abort(s, t));
        return op == null || !r.applied() ? r
                : new ApplyResult(ReplicationApply.aborted(r.image(), op, t.reason(), t.atMillis(), index), null);
    }

    static ApplyResult restart(ClusterImage image, MetadataRecord.RestartTransfer t, long index) {
        ReplicationOp op = ReplicationApply.operationOf(image, t.collection(), t.shard(), t.to());
        ApplyResult r = MetadataApply.onShard(image, t.collection(), t.shard(), s -> TransferApply.restart(s, t, index));
        return op == null || !r.applied() ? r
                : new ApplyResult(ReplicationApply.restarted(r.image(), op, t.collection(), t.shard()), null);
    }

    private static ShardTransfer transfer(ClusterImage image, String collection, int shard, long to) {
        CollectionMeta c = image.collections().get(collection);
        ShardInfo s = c == null ? null : c.shard(shard);
        return s == null ? null : s.transferTo(to);
    }
}
