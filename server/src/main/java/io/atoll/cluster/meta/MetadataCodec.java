package io.atoll.cluster.meta;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of records (Raft log entries) and images (Raft snapshots). Deterministic; thread-safe. */
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

    public static byte[] encode(ClusterImage image) {
        return write(image);
    }

    public static ClusterImage decodeImage(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, ClusterImage.class);
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

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
