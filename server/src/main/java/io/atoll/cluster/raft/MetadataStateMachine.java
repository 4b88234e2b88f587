package io.atoll.cluster.raft;

import io.atoll.cluster.meta.AppliedProposals;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataCodec;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Proposal;
import io.atoll.cluster.meta.Rejection;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster metadata as a Ratis state machine: each committed log entry is one {@link Proposal} of a
 * {@link MetadataRecord}, applied once through {@link AppliedProposals} with the pure {@link MetadataApply}; the
 * state is one immutable {@link ClusterImage} and the ids of the proposals applied lately.
 *
 * <p>{@code applyTransaction} does the minimum and never throws (a throw would stop the server): a record
 * refused by its guard, or one that cannot be decoded, still advances the applied index and answers with the
 * reason. Snapshots are the encoded image and remembered proposals, written to a temp file, fsynced, renamed and checksummed, so a
 * failed write never becomes the latest snapshot.
 *
 * <p>Thread-safety: entries are applied on Ratis's single apply thread; the image and the applied term-index are
 * updated together under {@code this}, which {@link #takeSnapshot} also holds while it reads them (with the
 * remembered proposals).
 */
public final class MetadataStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<BiConsumer<ClusterImage, ClusterImage>> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterImage image = ClusterImage.EMPTY;
    private AppliedProposals proposals = new AppliedProposals();
    private volatile Instant lastUpdate = Instant.now();

    /** When this node last applied a Raft entry (a record, a configuration or a leader's no-op): GET /cluster. */
    public Instant lastUpdate() {
        return lastUpdate;
    }

    @Override
    protected boolean updateLastAppliedTermIndex(long term, long index) {
        lastUpdate = Instant.now();
        return super.updateLastAppliedTermIndex(term, index);
    }

    public ClusterImage image() {
        return image;
    }

    /** Called with (previous, next) after every applied entry and after a snapshot is loaded, on the apply thread. */
    public void addListener(BiConsumer<ClusterImage, ClusterImage> listener) {
        listeners.add(listener);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        loadLatestSnapshot();
    }

    @Override
    public void reinitialize() throws IOException {
        // Called after the leader installed a snapshot on this follower.
        loadLatestSnapshot();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        MD5Hash digest = snapshot.getFile().getFileDigest();
        if (digest != null) {
            MD5FileUtil.verifySavedMD5(file, digest);
        }
        MetadataCodec.Snapshot decoded = MetadataCodec.decodeSnapshot(Files.readAllBytes(file.toPath()));
        ClusterImage loaded = decoded.image();
        ClusterImage previous;
        synchronized (this) {
            previous = image;
            image = loaded;
            proposals = new AppliedProposals(decoded.proposals());
            updateLastAppliedTermIndex(snapshot.getTermIndex());
        }
        LOG.info("loaded metadata snapshot at {} ({} peers, {} collections)", snapshot.getTermIndex(),
                loaded.peers().size(), loaded.collections().size());
        notifyListeners(previous, loaded);
    }

    /**
     * The only read-only query: the index of the image applied here. Raft runs it once this member has applied
     * everything committed when the query arrived (the leader's read index), so a node that waits for that index
     * has seen every metadata change made before it asked.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(image().appliedIndex())));
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        Rejection answer;
        ClusterImage previous;
        ClusterImage next;
        synchronized (this) {
            previous = image;
            Proposal proposal;
            try {
                proposal = MetadataCodec.decodeProposal(entry.getStateMachineLogEntry().getLogData().toByteArray());
            } catch (IOException | RuntimeException e) {
                // Undecodable entries were never valid proposals; they change nothing but still use up their index.
                proposal = null;
                LOG.error("metadata entry {} cannot be decoded; applied as a no-op", index, e);
            }
            ApplyResult r = proposal == null || proposal.record() == null
                    ? MetadataApply.undecodable(previous, index) : proposals.apply(previous, proposal, index);
            next = r.image();
            answer = r.rejection();
            image = next;
            updateLastAppliedTermIndex(entry.getTerm(), index);
        }
        notifyListeners(previous, next);
        return CompletableFuture.completedFuture(Message.valueOf(
                ByteString.copyFrom(MetadataCodec.encodeAnswer(answer))));
    }

    private void notifyListeners(ClusterImage previous, ClusterImage next) {
        for (BiConsumer<ClusterImage, ClusterImage> l : listeners) {
            try {
                l.accept(previous, next);
            } catch (RuntimeException e) {
                LOG.error("metadata listener failed at index {}", next.appliedIndex(), e);
            }
        }
    }


    @Override
    public long takeSnapshot() throws IOException {
        MetadataCodec.Snapshot snapshot;
        TermIndex last;
        synchronized (this) {
            snapshot = new MetadataCodec.Snapshot(image, proposals.entries());
            last = getLastAppliedTermIndex();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path target = file.toPath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(MetadataCodec.encode(snapshot));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target, md5), last));
        return last.getIndex();
    }
}
