package io.atoll.chaos.history;

/**
 * One line of a history: a client's call (INVOKE) or how it ended. OK and FAIL are definite (the operation took
 * effect, or certainly did not); INFO means unknown (a timeout, a dropped connection, a 5xx): it may have taken
 * effect or not, and a checker must allow both.
 *
 * @param index  position in the history
 * @param at     nanoseconds since the run started (monotonic)
 * @param process the client that issued it; a client has at most one operation open
 * @param f      what it does: upsert, delete, read, write, create, drop, ...
 * @param key    what it acts on (a register key, a collection), or null
 * @param value  its argument (INVOKE) or result (OK), JSON-friendly, or null
 */
public record Op(long index, long at, int process, Type type, String f, String key, Object value, String error) {
    public enum Type {
        INVOKE, OK, FAIL, INFO
    }
}
