package io.atoll.point;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Comparator;

/**
 * A user's shard key (Qdrant's {@code ShardKey}): a string or an unsigned 64-bit number, never both. The string
 * "1" and the number 1 are different keys, as in Qdrant. Encoded in JSON as the bare value. Immutable.
 *
 * @param keyword the key when it is a string, else null
 * @param number  the key when it is a number (unsigned, so read with {@link Long#toUnsignedString}), else unused
 */
public record ShardKey(String keyword, long number) implements Comparable<ShardKey> {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Comparator<ShardKey> ORDER = Comparator.comparing((ShardKey k) -> k.keyword != null)
            .thenComparing((a, b) -> a.keyword != null ? a.keyword.compareTo(b.keyword)
                    : Long.compareUnsigned(a.number, b.number));

    public static ShardKey of(String keyword) {
        return new ShardKey(keyword, 0);
    }

    public static ShardKey of(long unsigned) {
        return new ShardKey(null, unsigned);
    }

    /** From its JSON value: a string, or an integer from 0 to 2^64 - 1. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ShardKey fromJson(Object value) {
        return switch (value) {
            case String s -> of(s);
            case Integer i when i >= 0 -> of(i);
            case Long l when l >= 0 -> of(l);
            case BigInteger b when b.signum() >= 0 && b.compareTo(U64_MAX) <= 0 -> of(b.longValue());
            default -> throw new IllegalArgumentException("a shard key is a string or an unsigned integer, got "
                    + value);
        };
    }

    @JsonValue
    public Object json() {
        return keyword != null ? keyword : number >= 0 ? (Object) number : new BigInteger(Long.toUnsignedString(number));
    }

    /** As Qdrant prints a key in its messages: a string quoted, a number bare. */
    @Override
    public String toString() {
        return keyword != null ? "\"" + keyword + "\"" : Long.toUnsignedString(number);
    }

    @Override
    public int compareTo(ShardKey o) {
        return ORDER.compare(this, o);
    }
}
