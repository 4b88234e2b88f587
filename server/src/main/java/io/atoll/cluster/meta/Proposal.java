package io.atoll.cluster.meta;

/**
 * A record as it is proposed through Raft: with an id unique to this proposal and the index of the image its
 * proposer had applied when it proposed. The id lets {@link AppliedProposals} apply a proposal once even when Raft
 * commits it twice (a client's resend after a timeout can be appended as a second entry); {@code basedOn} bounds
 * how far back an earlier copy can be. Immutable.
 *
 * @param id      unique per proposal (a random UUID); null for a bare record, which is applied as it comes
 * @param basedOn the proposer's applied metadata index when it proposed
 */
public record Proposal(String id, long basedOn, MetadataRecord record) {

    /** A record logged without an envelope (older entries, tests): no id, so never recognised as a copy. */
    public static Proposal bare(MetadataRecord record) {
        return new Proposal(null, -1, record);
    }
}
