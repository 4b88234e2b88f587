package io.atoll.transfer;

import com.google.protobuf.ByteString;
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
import java.util.HashMap;
import java.util.Map;
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
    private static final int MIN_CHUNK_BYTES = 64 << 10;

    /** Told of the bytes the target holds, after every chunk. */
    interface Progress {
        void shipped(long bytesDone, long bytesTotal, long bytesSent) throws InterruptedException;
    }

    private final PeerTransport peers;
    private final String targetUri;
    private final SnapshotTarget target;
    private final TransferThrottle throttle;

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
        long done = 0;
        for (SnapshotFile f : snapshot.index().files()) {
            if (staged.getCompleteList().contains(SnapshotReceiver.proto(f))) {
                done += f.length();
                continue;
            }
            long from = partial.getOrDefault(f.name() + "/" + f.checksum(), 0L);
            done += from;
            done = send(snapshot, f, from, done, total, progress);
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

    /** Sends {@code f} from {@code offset} to its end; returns the bytes done with it. */
    private long send(ShardSnapshot snapshot, SnapshotFile f, long offset, long done, long total, Progress progress)
            throws IOException, InterruptedException {
        io.atoll.transport.proto.SnapshotFile file = SnapshotReceiver.proto(f);
        try (FileChannel ch = FileChannel.open(snapshot.index().dir().resolve(f.name()), StandardOpenOption.READ)) {
            long at = offset;
            while (at < f.length()) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunkBytes(), f.length() - at));
                while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
                    // a positional read may return less than asked: read on until the chunk is full
                }
                buf.flip();
                CRC32C crc = new CRC32C();
                crc.update(buf.duplicate());
                int n = buf.remaining();
                peers.call(targetUri, PeerRpcs.SNAPSHOT_CHUNK, SnapshotChunkRequest.newBuilder().setTarget(target)
                        .setFile(file).setOffset(at).setData(ByteString.copyFrom(buf))
                        .setCrc32C((int) crc.getValue()).build());
                at += n;
                done += n;
                throttle.acquire(n);
                progress.shipped(done, total, n);
            }
        }
        return done;
    }
}
