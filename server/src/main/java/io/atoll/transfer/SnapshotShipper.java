package io.atoll.transfer;

import io.atoll.replication.TransferThrottle;
import com.google.protobuf.UnsafeByteOperations;
import io.atoll.shard.ShardSnapshot;
import io.atoll.shard.engine.SnapshotFile;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.proto.SnapshotChunkRequest;
import io.atoll.transport.proto.SnapshotFilesRequest;
import io.atoll.transport.proto.SnapshotFilesResponse;
import io.atoll.transport.proto.SnapshotInstallRequest;
import io.atoll.transport.proto.SnapshotTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Sends a snapshot's files to the target in checksummed chunks, within the node's transfer rate limit, and has the
 * target install them. Asks first what the target holds, so that files it has whole are not sent again and a
 * partly sent file goes on from where it stopped: a transfer that starts again after a restart or a change of
 * primary resumes rather than starting over. One shipper per driver run; not thread-safe.
 */
final class SnapshotShipper {
    /**
     * Chunks of 4 MiB: measured by the transfer bench, 512 KiB chunks (one round trip each) shipped 45 MB/s on
     * loopback. Under a rate limit a chunk is a quarter of a second's worth (at least 64 KiB), so that progress
     * and a stop are not held up by one large chunk.
     */
    static final int MAX_CHUNK_BYTES = 4 << 20;
    private static final int IN_FLIGHT = 3;
    private static final int MIN_CHUNK_BYTES = 64 << 10;

    /** Told of the bytes the target holds, after every chunk. */
    interface Progress {
        void shipped(long bytesDone, long bytesTotal, long bytesSent) throws InterruptedException;
    }

    private final PeerTransport peers;
    private final String targetUri;
    private final SnapshotTarget target;
    private final TransferThrottle throttle;
    /**
     * Chunk buffers, one more than can be in flight (the one being filled belongs to a call that has ended), kept
     * across attempts.
     */
    private final ByteBuffer[] buffers = new ByteBuffer[IN_FLIGHT + 1];

    SnapshotShipper(PeerTransport peers, String targetUri, SnapshotTarget target, TransferThrottle throttle) {
        this.peers = peers;
        this.targetUri = targetUri;
        this.target = target;
        this.throttle = throttle;
    }

    /** Told why the target did not take the snapshot this time (a full disk, no answer); may stop the shipping. */
    interface Failures {
        void failed(String why) throws InterruptedException;
    }

    /**
     * Ships {@code snapshot} until the target installed it, a second after each failure. Always the same snapshot:
     * what the target received still counts, where a new snapshot taken after merges may share few files with it
     * (found by SnapshotTransferTest: more than the whole snapshot sent again after the target restarted).
     */
    void shipUntilInstalled(ShardSnapshot snapshot, Progress progress, Failures failures)
            throws IOException, InterruptedException {
        while (true) {
            try {
                ship(snapshot, progress);
                return;
            } catch (RuntimeException e) {
                failures.failed(e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    /** Sends what the target lacks of {@code snapshot}, then installs it there. */
    private void ship(ShardSnapshot snapshot, Progress progress) throws IOException, InterruptedException {
        SnapshotFilesResponse staged = peers.call(targetUri, PeerRpcs.SNAPSHOT_FILES,
                SnapshotFilesRequest.newBuilder().setTarget(target).build());
        Map<String, Long> partial = new HashMap<>();
        staged.getPartialList().forEach(p -> partial.put(p.getName() + "/" + p.getChecksum(), p.getLength()));
        long total = snapshot.index().files().stream().mapToLong(SnapshotFile::length).sum();
        try (ChunkWindow window = new ChunkWindow(total, progress)) {
            for (SnapshotFile f : snapshot.index().files()) {
                if (staged.getCompleteList().contains(SnapshotReceiver.proto(f))) {
                    window.skip(f.length());
                    continue;
                }
                // A part as long as the file was never completed (its fsync or check failed, or the node stopped
                // before it): its last byte is sent again, which makes the target sync, verify and keep it.
                long from = Math.min(partial.getOrDefault(f.name() + "/" + f.checksum(), 0L),
                        Math.max(0, f.length() - 1));
                window.skip(from);
                send(snapshot, f, from, window);
            }
            window.drain();
        }
        SnapshotInstallRequest.Builder install = SnapshotInstallRequest.newBuilder().setTarget(target)
                .setSeq(snapshot.position().seq()).setTerm(snapshot.position().term());
        snapshot.index().files().forEach(f -> install.addFiles(SnapshotReceiver.proto(f)));
        peers.call(targetUri, PeerRpcs.SNAPSHOT_INSTALL, install.build());
    }

    private int chunkBytes() {
        long rate = throttle.rate();
        return rate == 0 ? MAX_CHUNK_BYTES : (int) Math.clamp(rate / 4, MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
    }

    /** Sends {@code f} from {@code offset} to its end, the chunks in order, a few in flight. */
    private void send(ShardSnapshot snapshot, SnapshotFile f, long offset, ChunkWindow window)
            throws IOException, InterruptedException {
        io.atoll.transport.proto.SnapshotFile file = SnapshotReceiver.proto(f);
        try (FileChannel ch = FileChannel.open(snapshot.index().dir().resolve(f.name()), StandardOpenOption.READ)) {
            long at = offset;
            while (at < f.length()) {
                ByteBuffer buf = window.buffer((int) Math.min(chunkBytes(), f.length() - at));
                while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
                    // a positional read may return less than asked: read on until the chunk is full
                }
                buf.flip();
                CRC32C crc = new CRC32C();
                crc.update(buf.duplicate());
                int n = buf.remaining();
                SnapshotChunkRequest chunk = SnapshotChunkRequest.newBuilder().setTarget(target).setFile(file)
                        .setOffset(at).setData(UnsafeByteOperations.unsafeWrap(buf))
                        .setCrc32C((int) crc.getValue()).build();
                window.send(() -> peers.call(targetUri, PeerRpcs.SNAPSHOT_CHUNK, chunk), n);
                // Paid after the chunk is sent, as copied points are, not before: the same rate over time, and the
                // chunk is acknowledged during the wait, so that it is told as progress at the next chunk instead
                // of only once the window fills or drains; a throttled transfer of a few chunks then shows its
                // progress part way (found by a CLI test: 0% until the end at 20 kB/s).
                throttle.acquire(n);
                at += n;
            }
        }
    }

    /**
     * Chunks in flight, at most {@link #IN_FLIGHT}: the source reads and encodes the next chunk while the network
     * and the target handle the earlier ones (one round trip at a time shipped 40 to 60 MB/s on loopback, the
     * target busy only a third of the time). Progress is told in the order the chunks were sent.
     */
    private final class ChunkWindow implements AutoCloseable {
        private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
        private final ArrayDeque<Map.Entry<Future<?>, Integer>> inFlight = new ArrayDeque<>();
        private int nextBuffer;
        private final long total;
        private final Progress progress;
        private long done;

        ChunkWindow(long total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        /**
         * A buffer for the next chunk, off the heap and used again: a new 4 MiB array per chunk is a humongous
         * allocation, and reading a file into the heap goes through a direct buffer anyway.
         */
        ByteBuffer buffer(int size) {
            int i = nextBuffer++ % buffers.length;
            if (buffers[i] == null) {
                buffers[i] = ByteBuffer.allocateDirect(MAX_CHUNK_BYTES);
            }
            return buffers[i].clear().limit(size);
        }

        /** Bytes the target already holds. */
        void skip(long bytes) {
            done += bytes;
        }

        void send(Runnable call, int bytes) throws InterruptedException {
            while (inFlight.size() >= IN_FLIGHT || !inFlight.isEmpty() && inFlight.peek().getKey().isDone()) {
                completeOldest(); // the chunks already acknowledged are told at once
            }
            inFlight.add(Map.entry(calls.submit(call), bytes));
        }

        void drain() throws InterruptedException {
            while (!inFlight.isEmpty()) {
                completeOldest();
            }
        }

        private void completeOldest() throws InterruptedException {
            Map.Entry<Future<?>, Integer> oldest = inFlight.poll();
            try {
                oldest.getKey().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
            done += oldest.getValue();
            progress.shipped(done, total, oldest.getValue());
        }

        /** Waits for the calls still running (each has a deadline), so that none outlives the shipping. */
        @Override
        public void close() {
            calls.close();
        }
    }
}
