package io.atoll.chaos.check;

/**
 * One completed-or-indeterminate operation on a single register (one key), as a client saw it.
 *
 * <p>A write carries the value it wrote; a read carries the value it returned, {@code null} meaning the key was
 * absent (the register's initial state). Times are monotonic nanos. An indeterminate operation (timeout, lost
 * connection, 5xx: it may or may not have taken effect) has {@code returnedAt == PENDING}; only writes are kept
 * that way, since an indeterminate read constrains nothing. Immutable.
 */
public record RegisterOp(int process, boolean write, Long value, long invokedAt, long returnedAt) {
    /** The return time of an operation whose outcome the client never learned. */
    public static final long PENDING = Long.MAX_VALUE;

    public RegisterOp {
        if (write && value == null) {
            throw new IllegalArgumentException("a write needs a value (process " + process + ", invoked at " + invokedAt + ")");
        }
        if (returnedAt < invokedAt) {
            throw new IllegalArgumentException("returnedAt " + returnedAt + " is before invokedAt " + invokedAt
                    + " (process " + process + ")");
        }
    }

    public static RegisterOp write(int process, long value, long invokedAt, long returnedAt) {
        return new RegisterOp(process, true, value, invokedAt, returnedAt);
    }

    /** A write whose outcome is unknown: it may take effect at any time after {@code invokedAt}, or never. */
    public static RegisterOp pendingWrite(int process, long value, long invokedAt) {
        return new RegisterOp(process, true, value, invokedAt, PENDING);
    }

    /** A completed read; {@code value == null} means it found the key absent. */
    public static RegisterOp read(int process, Long value, long invokedAt, long returnedAt) {
        return new RegisterOp(process, false, value, invokedAt, returnedAt);
    }

    public boolean pending() {
        return returnedAt == PENDING;
    }

    /** Reads as {@code p3 write 17 [100, 250]} or {@code p1 read -> absent [300, ?]}, for failure explanations. */
    @Override
    public String toString() {
        String what = write ? "write " + value : "read -> " + (value == null ? "absent" : value);
        return "p" + process + " " + what + " [" + invokedAt + ", " + (pending() ? "?" : returnedAt) + "]";
    }
}
