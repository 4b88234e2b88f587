package io.atoll.node;

import io.atoll.cluster.meta.ReplicaId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where each replica's files live: {@code shards/<collection>.<uuid>/<shard>.<incarnation>/}. The collection's uuid
 * and the replica's incarnation are in the path, so a collection dropped and created again under the same name, or
 * a replica removed and added again, never finds an earlier one's files (nor deletes them when an old drop is
 * replayed). Stateless apart from the root.
 */
public final class ReplicaDirectories {
    private static final Pattern REPLICA = Pattern.compile("(\\d+)\\.(\\d+)");

    private final Path root;

    public ReplicaDirectories(Path storage) {
        this.root = storage.resolve("shards");
    }

    public Path of(ReplicaId id) {
        return collectionDir(id).resolve(id.shard() + "." + id.incarnation());
    }

    private Path collectionDir(ReplicaId id) {
        return root.resolve(id.collection() + "." + id.collectionUuid());
    }

    /** Deletes a replica's files, and its collection's directory once it holds no replica. */
    void delete(ReplicaId id) throws IOException {
        delete(of(id));
    }

    /** Deletes a replica directory (one of {@link #leftovers}), and its collection's once it holds no replica. */
    void delete(Path replicaDir) throws IOException {
        deleteRecursively(replicaDir);
        Path collection = replicaDir.getParent();
        try (Stream<Path> left = Files.exists(collection) ? Files.list(collection) : Stream.empty()) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(collection);
            }
        }
    }

    /**
     * The replica directories under the root that none of {@code keep} owns: left by replicas that were dropped
     * while this node was down. Only directories of the replica layout are listed; anything else is left alone.
     */
    List<Path> leftovers(Set<ReplicaId> keep) throws IOException {
        Set<Path> owned = new java.util.HashSet<>();
        for (ReplicaId id : keep) {
            owned.add(of(id));
        }
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> collections = Files.list(root)) {
            for (Path c : collections.filter(Files::isDirectory).toList()) {
                try (Stream<Path> replicas = Files.list(c)) {
                    for (Path r : replicas.toList()) {
                        Matcher m = REPLICA.matcher(r.getFileName().toString());
                        if (m.matches() && Files.isDirectory(r) && !owned.contains(r)) {
                            out.add(r);
                        }
                    }
                }
            }
        }
        return out;
    }

    static void deleteRecursively(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
