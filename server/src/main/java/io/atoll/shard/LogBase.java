package io.atoll.shard;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a transfer target's log begins: the cutoff its transfer copies from. Its log holds only the records after
 * it (the points before arrive as copies), so after a restart it must still say it stands there, not at 0. Until
 * the replica has been in sync once, the base also says it is incomplete: it may lack points from before its log.
 * Written atomically (temp file, fsync, rename, fsync directory).
 */
final class LogBase {
    /** The base position and whether the points before it may be incomplete. */
    record Stored(LogPosition position, boolean incomplete) {
    }

    private static final String FILE = "log-base";

    private LogBase() {
    }

    /** The stored base, or null when the log began at 0. */
    static Stored read(Path dir) throws IOException {
        Path p = dir.resolve(FILE);
        if (!Files.exists(p)) {
            return null;
        }
        String[] parts = Files.readString(p, StandardCharsets.US_ASCII).trim().split(" ");
        return new Stored(new LogPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                parts.length > 2 && parts[2].equals("incomplete"));
    }

    /** The replica has been in sync: its base stays, the points before it are all there. */
    static void markComplete(Path dir) throws IOException {
        Stored stored = read(dir);
        if (stored != null && stored.incomplete()) {
            write(dir, new Stored(stored.position(), false));
        }
    }

    static void write(Path dir, Stored stored) throws IOException {
        LogPosition base = stored.position();
        String text = base.seq() + " " + base.term() + (stored.incomplete() ? " incomplete" : "") + "\n";
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
