package io.atoll.collection;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.transport.ReadHandler;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * Reads of the replicas on this node: for this node's coordinators, and for other nodes' (the peer read call). A
 * replica answers only while it is readable in the metadata it follows. Thread-safe.
 */
public final class LocalReads implements ReadHandler {

    private final long self;
    private final LocalReplicas replicas;
    private final NodeMetadata metadata;

    public LocalReads(long self, LocalReplicas replicas, NodeMetadata metadata) {
        this.self = self;
        this.replicas = replicas;
        this.metadata = metadata;
    }

    /**
     * Runs a read on this node's replica of the shard, with the replica's term and log position read before the
     * read runs: a term that moves on meanwhile only makes the answer count for less.
     */
    <R> ReplicaAnswers.Answer<R> read(String collection, int shard, ShardRead<R> read) {
        LocalReplica r = replicas.get(collection, shard);
        ReplicaState st = r == null ? null : r.state();
        if (st == null || !st.isReadable()) {
            throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + collection
                    + "` on peer " + self + " is not readable");
        }
        long term = r.shard().term();
        try {
            R value = read.run(r.shard().engine());
            return new ReplicaAnswers.Answer<>(value, self, term, r.shard().position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AlreadyClosedException e) {
            // Dropped (a move's source, a replica above the factor), replaced by a transfer, or failed (a tragic
            // Lucene error) while read: like a replica that is not readable, so that the coordinator asks another
            // instead of failing the request.
            throw AtollException.unavailable("the replica of shard " + shard + " of collection `" + collection
                    + "` on peer " + self + " is closed (" + (replicas.get(collection, shard) == r ? "failed"
                    : "dropped or replaced") + " while read)");
        }
    }

    @Override
    public ShardReadResponse read(ShardReadRequest request) {
        metadata.requireActed(request.getMetadataIndex());
        ShardRead<?> read;
        try {
            read = WireCodec.decode(request.getQuery().toByteArray(), ShardRead.class);
        } catch (IOException e) {
            throw AtollException.badRequest("malformed peer read: " + e.getMessage());
        }
        ReplicaAnswers.Answer<?> answer = read(request.getCollection(), request.getShard(), read);
        return ShardReadResponse.newBuilder().setTerm(answer.term()).setLastSeq(answer.position().seq())
                .setLastRecordTerm(answer.position().term())
                .setResult(ByteString.copyFrom(WireCodec.encode(answer.value()))).build();
    }
}
