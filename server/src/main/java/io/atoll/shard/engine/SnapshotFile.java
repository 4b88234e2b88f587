package io.atoll.shard.engine;

/**
 * One file of an index snapshot, identified as Lucene identifies its files: name, length and the CRC32 its footer
 * holds. Lucene never rewrites a file under the same name, so two files that agree on all three hold the same
 * bytes, and a target that already has one need not be sent it again. Immutable.
 */
public record SnapshotFile(String name, long length, long checksum) {
}
