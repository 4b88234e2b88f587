package io.atoll.cluster.meta;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON encoding of proposals (Raft log entries) and of images with their remembered proposals (Raft snapshots).
 * Deterministic; thread-safe. Bare records and bare images, as logged before proposals had envelopes, still decode.
 */
public final class MetadataCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private MetadataCodec() {
    }

    public static byte[] encode(MetadataRecord record) {
        return write(record);
    }

    public static MetadataRecord decodeRecord(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, MetadataRecord.class);
    }

    public static byte[] encode(Proposal p) {
        return write(new Envelope(p.id(), p.basedOn(), p.record()));
    }

    /**
     * Read as a stream, never through a tree: a record's own {@code type} field (a replication operation's) sits
     * beside the type id Jackson writes under the same name, and a tree keeps only one of them.
     */
    public static Proposal decodeProposal(byte[] bytes) throws IOException {
        Envelope e = JSON.readValue(bytes, Envelope.class);
        if (e.proposal() != null && e.record() != null) {
            return new Proposal(e.proposal(), e.basedOn(), e.record());
        }
        return Proposal.bare(decodeRecord(bytes));
    }

    public static byte[] encode(ClusterImage image) {
        return write(image);
    }

    public static ClusterImage decodeImage(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, ClusterImage.class);
    }

    /** A Raft snapshot: the image and the proposals applied in the window before it. */
    public record Snapshot(ClusterImage image, List<AppliedProposals.Applied> proposals) {
    }

    public static byte[] encode(Snapshot snapshot) {
        return write(snapshot);
    }

    public static Snapshot decodeSnapshot(byte[] bytes) throws IOException {
        Snapshot s = JSON.readValue(bytes, Snapshot.class);
        if (s.image() != null) {
            return new Snapshot(s.image(), s.proposals() == null ? List.of() : s.proposals());
        }
        return new Snapshot(decodeImage(bytes), List.of());
    }

    /** The answer Raft carries back to a proposer: a rejection, or null for an applied record. */
    public static byte[] encodeAnswer(Rejection rejection) {
        return write(new Answer(rejection));
    }

    public static Rejection decodeAnswer(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, Answer.class).rejection();
    }

    private record Answer(Rejection rejection) {
    }

    private record Envelope(String proposal, @JsonProperty("based_on") long basedOn, MetadataRecord record) {
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
