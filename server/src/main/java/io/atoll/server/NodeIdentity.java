package io.atoll.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The node's peer id: a random positive number below 2^53 chosen on first start and kept in node.json. Below
 * 2^53 because JSON numbers are doubles in JavaScript: Qdrant's JS client reads a larger id from GET /cluster
 * rounded, and a shard operation it sends back with that id names a peer that does not exist.
 */
final class NodeIdentity {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeIdentity() {
    }

    static long loadOrCreate(Path storage) throws IOException {
        Path file = storage.resolve("node.json");
        if (Files.exists(file)) {
            return JSON.readTree(file.toFile()).path("peer_id").asLong();
        }
        long id;
        do {
            id = new SecureRandom().nextLong() & ((1L << 53) - 1);
        } while (id == 0);
        ObjectNode o = JSON.createObjectNode().put("peer_id", id);
        Path tmp = storage.resolve("node.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(o)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
