package io.atoll.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A snapshot to recover, on this node's disk and checked against the checksum the user gave: a copy made for the
 * recovery (downloaded or uploaded), deleted after it, or a snapshot the node keeps.
 */
public record ReceivedSnapshot(Path path, boolean temporary) {
    void discard() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
