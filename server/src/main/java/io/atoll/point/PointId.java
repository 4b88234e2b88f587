package io.atoll.point;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A point id: an unsigned 64-bit integer or a UUID, as in Qdrant. Its {@link #key()} bytes are the canonical
 * form used for hashing, for the index's id term and for ordering (every integer before every UUID, integers
 * by unsigned value, UUIDs by their 128-bit value).
 */
public sealed interface PointId extends Comparable<PointId> permits PointId.Num, PointId.Uuid {

    byte NUM_TAG = 0;
    byte UUID_TAG = 1;

    /** Canonical bytes: a tag byte then the big-endian value. */
    byte[] key();

    /** The id as Qdrant's JSON shows it: a number, or a hyphenated UUID string. */
    Object toJson();

    @Override
    default int compareTo(PointId other) {
        return java.util.Arrays.compareUnsigned(key(), other.key());
    }

    static PointId of(long unsigned) {
        return new Num(unsigned);
    }

    static PointId of(UUID uuid) {
        return new Uuid(uuid);
    }

    static PointId fromKey(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        byte tag = b.get();
        return switch (tag) {
            case NUM_TAG -> new Num(b.getLong());
            case UUID_TAG -> new Uuid(new UUID(b.getLong(), b.getLong()));
            default -> throw new IllegalArgumentException("unknown point id tag " + tag + " in " + HexFormat.of().formatHex(key));
        };
    }

    /** An unsigned 64-bit id held in a long (values above Long.MAX_VALUE are negative here). */
    record Num(long value) implements PointId {
        @Override
        public byte[] key() {
            return ByteBuffer.allocate(9).put(NUM_TAG).putLong(value).array();
        }

        @Override
        public Object toJson() {
            return value >= 0 ? (Object) value : new java.math.BigInteger(Long.toUnsignedString(value));
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    record Uuid(UUID value) implements PointId {
        @Override
        public byte[] key() {
            return ByteBuffer.allocate(17).put(UUID_TAG)
                    .putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits()).array();
        }

        @Override
        public Object toJson() {
            return value.toString();
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }
}
