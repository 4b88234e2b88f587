package io.atoll.collection;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.shard.LogPosition;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads one shard at a read consistency: chooses its readable replicas (this node's first), asks as many as the
 * consistency needs, keeps only answers from the newest primary term, has a read from several replicas confirmed
 * ({@link ReadConfirmation}) and merges the answers. Too few answers is a 503 naming the shard, never a partial
 * result. Thread-safe.
 */
final class ShardReader {
    private final CoordinatorContext context;
    private final LocalReads local;
    private final ReadConfirmation confirmation;
    private final FanOutRead fanOut = new FanOutRead();

    ShardReader(CoordinatorContext context, LocalReads local) {
        this.context = context;
        this.local = local;
        this.confirmation = new ReadConfirmation(context);
    }

    <R> R read(CollectionView view, int shard, ShardRead<R> read, ReadConsistency consistency) {
        ShardInfo info = view.shard(shard);
        List<Long> readable = new ArrayList<>();
        for (long peer : info.replicas().keySet()) {
            if (info.readable(peer)) {
                readable.add(peer);
            }
        }
        readable.sort(Comparator.comparing(peer -> peer != context.self()));
        // A replica on its way out (a move's source, a replica above the factor) is not read while another serves:
        // it holds nothing the others lack, so it is not waited for either.
        long leaving = info.replicas().entrySet().stream().filter(e -> e.getValue().leaving()
                && !info.readable(e.getKey())).count();
        int needed = Math.max(1, consistency.required((int) (info.replicas().size() - leaving)));
        ReplicaAnswers<R> answers = new ReplicaAnswers<>();
        String lastError = null;
        int extra = view.params().reads().extraReplicas();
        if (extra > 0 && readable.size() > needed) {
            FanOutRead.Outcome<R> o = fanOut.read(readable, needed, extra, view.params().reads().delayMs(),
                    peer -> readReplica(view, peer, shard, read));
            answers = o.answers();
            lastError = o.lastError();
        } else {
            for (long peer : readable) {
                if (answers.current().size() == needed) {
                    break;
                }
                try {
                    answers.add(readReplica(view, peer, shard, read));
                } catch (PeerUnreachableException | AtollException e) {
                    lastError = e.getMessage();
                }
            }
        }
        List<ReplicaAnswers.Answer<R>> current = answers.current();
        if (current.size() < needed) {
            throw AtollException.unavailable("shard " + shard + " of collection `" + view.name()
                    + "` has " + current.size() + " readable replicas answering in its newest term, " + needed
                    + " needed" + (answers.behind() > 0 ? " (" + answers.behind() + " behind in an older term)" : "")
                    + (lastError == null ? "" : " (" + lastError + ")"));
        }
        if (consistency.mode() != ReadConsistency.Mode.ONE) {
            confirmation.confirm(view.name(), shard, current);
        }
        List<R> values = current.stream().map(ReplicaAnswers.Answer::value).toList();
        return values.size() == 1 ? values.getFirst() : read.merge(values);
    }

    /** Whether a read of {@code shard} at consistency one stays on this node. */
    boolean readsLocally(CollectionView view, int shard) {
        ShardInfo info = view.shard(shard);
        return info != null && info.readable(context.self()) && context.replicas().get(view.name(), shard) != null;
    }

    <R> ReplicaAnswers.Answer<R> readReplica(CollectionView view, long peer, int shard, ShardRead<R> read) {
        return peer == context.self() ? local.read(view.name(), shard, read) : readRemote(view, peer, shard, read);
    }

    private <R> ReplicaAnswers.Answer<R> readRemote(CollectionView view, long peer, int shard, ShardRead<R> read) {
        ShardReadResponse resp = context.transport().call(view.peerUri(peer), PeerRpcs.READ, ShardReadRequest.newBuilder()
                .setCollection(view.name()).setShard(shard)
                .setQuery(ByteString.copyFrom(WireCodec.encode(read, ShardRead.class)))
                .setMetadataIndex(view.index()).build());
        try {
            return new ReplicaAnswers.Answer<>(WireCodec.decode(resp.getResult().toByteArray(), read.resultType()),
                    peer, resp.getTerm(), new LogPosition(resp.getLastSeq(), resp.getLastRecordTerm()));
        } catch (IOException e) {
            throw AtollException.internal("unreadable answer from peer " + peer + ": " + e.getMessage(), e);
        }
    }
}
