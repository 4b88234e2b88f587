package io.atoll.snapshot;

import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.proto.ArchiveChunkRequest;
import io.atoll.transport.proto.ArchiveReleaseRequest;
import io.atoll.transport.proto.ShardArchiveRequest;
import io.atoll.transport.proto.ShardArchiveResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * A shard archive another node wrote for a collection snapshot taken here, read as a stream of chunks; closing
 * releases it on that node.
 */
final class RemoteArchive extends InputStream {
    private final PeerTransport peers;
    private final String uri;
    private final String name;
    private final long size;
    private final SnapshotManifest.Shard shard;
    private long offset;
    private byte[] chunk = new byte[0];
    private int at;

    private RemoteArchive(PeerTransport peers, String uri, ShardArchiveResponse r) throws IOException {
        this.peers = peers;
        this.uri = uri;
        this.name = r.getName();
        this.size = r.getSize();
        this.shard = PeerArchives.JSON.readValue(r.getShard().toByteArray(), SnapshotManifest.Shard.class);
    }

    /** Has the node at {@code uri} write its replica's archive of {@code shard}. */
    static RemoteArchive open(PeerTransport peers, String uri, String collection, int shard) throws IOException {
        ShardArchiveResponse r = peers.call(uri, PeerRpcs.SHARD_ARCHIVE,
                ShardArchiveRequest.newBuilder().setCollection(collection).setShard(shard).build());
        return new RemoteArchive(peers, uri, r);
    }

    SnapshotManifest.Shard shard() {
        return shard;
    }

    long size() {
        return size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (at == chunk.length) {
            if (offset >= size) {
                return -1;
            }
            chunk = peers.call(uri, PeerRpcs.ARCHIVE_CHUNK, ArchiveChunkRequest.newBuilder().setName(name)
                    .setOffset(offset).setLength(PeerArchives.MAX_CHUNK).build()).getData().toByteArray();
            if (chunk.length == 0) {
                throw new IOException("snapshot " + name + " on " + uri + " ended at " + offset + " of " + size);
            }
            offset += chunk.length;
            at = 0;
        }
        int n = Math.min(len, chunk.length - at);
        System.arraycopy(chunk, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public void close() {
        try {
            peers.call(uri, PeerRpcs.ARCHIVE_RELEASE, ArchiveReleaseRequest.newBuilder().setName(name).build());
        } catch (RuntimeException e) {
            // the holder removes it at its next start
        }
    }
}
