package io.atoll.cluster.meta;

import io.atoll.cluster.meta.Rejection.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate every committed proposal passes through: it applies each proposal once, however many times Raft
 * committed it, and answers a copy as the first was answered.
 *
 * <p>Why: Ratis's client resends a request under the same call id after a timeout, and the leader's retry cache
 * forgets a call as soon as a later request of the same client reports the call answered. A copy delayed by a
 * partition is then appended as a new entry (the chaos runner saw a collection's create applied again after its
 * drop). So the state machine remembers the ids of the proposals applied in the last {@link #WINDOW} entries. A
 * proposal's first copy can only commit after the index its proposer had applied ({@code basedOn}); a proposal
 * based on an image older than the window could have a first copy outside it, so it is refused as stale
 * rather than risk applying it twice.
 *
 * <p>Deterministic (a function of the entries applied so far, carried in snapshots), so every member decides
 * alike. Mutable and not thread-safe: the state machine uses it on its apply thread and copies it under its own
 * lock for snapshots.
 */
public final class AppliedProposals {
    /** How many log entries back copies are recognised: far beyond any resend's delay (seconds of entries). */
    public static final long WINDOW = 10_000;

    /** One remembered proposal: the index it was applied at and its answer (null when applied). */
    public record Applied(String id, long index, Rejection rejection) {
    }

    private final LinkedHashMap<String, Applied> byId = new LinkedHashMap<>();

    public AppliedProposals() {
    }

    public AppliedProposals(List<Applied> entries) {
        for (Applied a : entries) {
            byId.put(a.id(), a);
        }
    }

    /**
     * Applies {@code proposal}, committed at {@code index}, to {@code image} unless it was applied already; the
     * image's index moves on either way.
     */
    public ApplyResult apply(ClusterImage image, Proposal proposal, long index) {
        forgetBefore(index - WINDOW);
        if (proposal.id() == null) {
            return MetadataApply.apply(image, proposal.record(), index);
        }
        Applied earlier = byId.get(proposal.id());
        if (earlier != null) {
            return new ApplyResult(image.at(index), earlier.rejection());
        }
        if (proposal.basedOn() < index - WINDOW) {
            return new ApplyResult(image.at(index), Rejection.of(Reason.STALE_PROPOSAL, "the proposal was made on "
                    + "metadata at index " + proposal.basedOn() + ", too old to tell whether it was applied already"));
        }
        ApplyResult r = MetadataApply.apply(image, proposal.record(), index);
        byId.put(proposal.id(), new Applied(proposal.id(), index, r.rejection()));
        return r;
    }

    /** The remembered proposals, oldest first (for snapshots). */
    public List<Applied> entries() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }

    private void forgetBefore(long index) {
        Iterator<Map.Entry<String, Applied>> it = byId.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().index() < index) {
            it.remove();
        }
    }
}
