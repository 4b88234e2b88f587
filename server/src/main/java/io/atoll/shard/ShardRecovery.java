package io.atoll.shard;

import io.atoll.codec.OperationCodec;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a replica that is being opened to where it stood: the engine's last commit says which sequence number it
 * covers, and every WAL record after it is applied again (versions make records the commit already holds
 * no-ops); the log's base (a transfer target's cutoff) and the term of every record are read back.
 */
final class ShardRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ShardRecovery.class);

    /** Where the replica's log stands after recovery. */
    record Recovered(TermHistory terms, LogPosition last, long term, boolean incomplete) {
    }

    private ShardRecovery() {
    }

    static Recovered recover(String collection, int shardId, Path dir, WriteAheadLog wal, ShardEngine engine)
            throws IOException {
        long from = engine.committedSeq();
        TermHistory terms = new TermHistory();
        LogBase.Stored stored = LogBase.read(dir);
        LogPosition base = stored == null ? new LogPosition(0, 0) : stored.position();
        if (stored != null) {
            terms.note(base.seq(), base.term());
        }
        long[] replayed = {0};
        IOException[] failure = {null};
        wal.replay(0, r -> {
            terms.note(r.seq(), r.term());
            if (failure[0] != null || r.seq() <= from) {
                return;
            }
            try {
                engine.apply(r.seq(), OperationCodec.decode(r.body()));
                replayed[0]++;
            } catch (IOException e) {
                failure[0] = e;
            } catch (RuntimeException e) {
                // It failed when first applied too, and its writer got an error, so its outcome was never
                // promised; refusing to start would make the whole node unavailable for one bad record.
                LOG.error("shard {}/{}: WAL record {} cannot be applied and is skipped", collection, shardId, r.seq(), e);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        // past the WAL when the machine crashed and it lost records the index holds: their terms are unknown, so a
        // primary finds this replica diverged rather than send it those seqs again
        long lastSeq = Math.max(Math.max(wal.lastSeq(), engine.indexedSeq()), base.seq());
        terms.unknownUpTo(lastSeq);
        engine.refresh();
        LOG.info("opened shard {}/{}: index commit at seq {}, replayed {} WAL records, last seq {}",
                collection, shardId, from, replayed[0], lastSeq);
        // The last record's term is a lower bound of the shard's: a primary may have fenced this replica at a newer
        // term without sending records since. The metadata, applied after opening, gives the shard's current term.
        return new Recovered(terms, new LogPosition(lastSeq, terms.termAt(lastSeq)),
                Math.max(wal.lastTerm(), base.term()), stored != null && stored.incomplete());
    }
}
