package io.atoll.shard;

import io.atoll.shard.engine.IndexSnapshot;
import java.io.IOException;

/**
 * A point-in-time copy of a replica for a snapshot transfer: a kept index commit and the log position it covers.
 * The source's log keeps the records after that position for the target (a retention lease) beyond the
 * snapshot's life, so the target catches up from there once it installed the files. Closing releases the commit.
 */
public record ShardSnapshot(LogPosition position, IndexSnapshot index) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        index.close();
    }
}
