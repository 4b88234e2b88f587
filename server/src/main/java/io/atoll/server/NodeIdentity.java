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

/** The node's peer id: a random positive 63-bit number chosen on first start and kept in node.json. */
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
            id = new SecureRandom().nextLong() & Long.MAX_VALUE;
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
