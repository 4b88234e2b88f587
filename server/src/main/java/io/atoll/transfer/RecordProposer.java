package io.atoll.transfer;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.error.AtollException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes a transfer driver's records (checkpoints, finish, abort, restart), trying again while there is no Raft
 * leader until a deadline, and not at all once the driver stopped. Its own class so that the driver keeps only the
 * transfer's stages.
 */
final class RecordProposer {
    /** Try once: a checkpoint is superseded by the next one. */
    static final long ONCE = 0;
    /** Try until applied or refused, or until the driver stops. */
    static final long FOREVER = Long.MAX_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(RecordProposer.class);

    private final TransferRecords records;
    private final Supplier<String> name;
    private final BooleanSupplier stopped;

    RecordProposer(TransferRecords records, Supplier<String> name, BooleanSupplier stopped) {
        this.records = records;
        this.name = name;
        this.stopped = stopped;
    }

    /**
     * Proposes {@code r} until {@code deadlineNanos} (System.nanoTime, {@link #ONCE} or {@link #FOREVER}). Returns
     * whether it was applied.
     */
    boolean propose(MetadataRecord r, long deadlineNanos) {
        while (!stopped.getAsBoolean()) {
            try {
                ApplyResult result = records.propose(r);
                if (!result.applied()) {
                    LOG.info("transfer {}: {} not applied: {}", name.get(), r.getClass().getSimpleName(),
                            result.rejection());
                }
                return result.applied();
            } catch (AtollException e) {
                if (deadlineNanos == ONCE || deadlineNanos != FOREVER && System.nanoTime() - deadlineNanos > 0) {
                    return false;
                }
                LOG.warn("transfer {}: cannot commit {} yet: {}", name.get(), r.getClass().getSimpleName(),
                        e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
