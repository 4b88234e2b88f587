package io.atoll.shard.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * A kept index commit: its files stay on disk, whatever commits and merges follow, until {@link #close}. The
 * files are read from {@link #dir} while it is held. Thread-safe once taken; closing twice is harmless.
 */
public final class IndexSnapshot implements AutoCloseable {
    private final IndexWriter writer;
    private final SnapshotDeletionPolicy policy;
    private final IndexCommit commit;
    private final Path dir;
    private final long seq;
    private final List<SnapshotFile> files;
    private boolean released;

    private IndexSnapshot(IndexWriter writer, SnapshotDeletionPolicy policy, IndexCommit commit, Path dir, long seq,
                          List<SnapshotFile> files) {
        this.writer = writer;
        this.policy = policy;
        this.commit = commit;
        this.dir = dir;
        this.seq = seq;
        this.files = List.copyOf(files);
    }

    /** Keeps the writer's last commit, which covers the operations up to {@code seq}. */
    public static IndexSnapshot take(IndexWriter writer, Directory directory, Path dir, long seq) throws IOException {
        SnapshotDeletionPolicy policy = (SnapshotDeletionPolicy) writer.getConfig().getIndexDeletionPolicy();
        IndexCommit commit = policy.snapshot();
        try {
            List<SnapshotFile> files = new ArrayList<>();
            for (String name : commit.getFileNames()) {
                try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
                    files.add(new SnapshotFile(name, in.length(), CodecUtil.retrieveChecksum(in)));
                }
            }
            return new IndexSnapshot(writer, policy, commit, dir, seq, files);
        } catch (IOException | RuntimeException e) {
            policy.release(commit);
            throw e;
        }
    }

    /** The directory the files are in. */
    public Path dir() {
        return dir;
    }

    /** The sequence number the commit covers: it holds every operation up to it and none after. */
    public long seq() {
        return seq;
    }

    public List<SnapshotFile> files() {
        return files;
    }

    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        policy.release(commit);
        try {
            writer.deleteUnusedFiles();
        } catch (AlreadyClosedException e) {
            // closed with its replica (dropped while an archive read these files): its files go with it
        }
    }
}
