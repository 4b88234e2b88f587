package io.atoll.storage.wal;

/** One logged operation: its sequence number, the term of the primary that assigned it, and its encoded body. */
public record WalRecord(long seq, long term, byte[] body) {
}
