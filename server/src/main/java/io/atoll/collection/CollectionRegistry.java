package io.atoll.collection;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.error.AtollException;
import io.atoll.shard.ShardSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections as this node serves them, kept in step with the cluster metadata: each new image opens the
 * collections and replicas it adds, applies changes to the others, and closes and deletes what it removed.
 * Reads of the open collections take no lock.
 *
 * <p>Each collection's data lives in {@code shards/<name>.<uuid>/<shard>}: a collection dropped and created again
 * under the same name gets new directories, so replaying the metadata log after a restart never hands the new
 * collection's data to the old one (or deletes it when the old one's drop is replayed).
 */
public final class CollectionRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionRegistry.class);
    private static final int MAX_NAME_LENGTH = 255;

    private final Path shardsDir;
    private final ShardSettings settings;
    private final ExecutorService indexingPool;
    private final ClusterContext cluster;
    private final Map<String, Collection> open = new ConcurrentHashMap<>();
    private volatile ClusterImage image = ClusterImage.EMPTY;

    public CollectionRegistry(Path storage, ShardSettings settings, ExecutorService indexingPool, ClusterContext cluster) {
        this.shardsDir = storage.resolve("shards");
        this.settings = settings;
        this.indexingPool = indexingPool;
        this.cluster = cluster;
    }

    private Path dirOf(CollectionMeta meta) {
        return shardsDir.resolve(meta.name() + "." + meta.uuid());
    }

    /** Follows a new metadata image; called on the metadata apply thread, in order. */
    public synchronized void apply(ClusterImage next) {
        for (CollectionMeta meta : next.collections().values()) {
            Collection c = open.get(meta.name());
            if (c != null && !c.meta().uuid().equals(meta.uuid())) {
                drop(c);
                c = null;
            }
            try {
                if (c == null) {
                    open.put(meta.name(), Collection.open(meta, dirOf(meta), settings, indexingPool, cluster));
                    LOG.info("opened collection {} ({} shards)", meta.name(), meta.shards().size());
                } else if (!c.meta().equals(meta)) {
                    c.apply(meta);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("could not open the replicas of collection {} on this node", meta.name(), e);
            }
        }
        for (Collection c : new ArrayList<>(open.values())) {
            CollectionMeta meta = next.collections().get(c.name());
            if (meta == null || !meta.uuid().equals(c.meta().uuid())) {
                drop(c);
            }
        }
        image = next;
    }

    private void drop(Collection c) {
        open.remove(c.name(), c);
        try {
            c.close();
            c.deleteData();
            LOG.info("dropped collection {}", c.name());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the data of dropped collection {}", c.name(), e);
        }
    }

    /** The collection with this name or alias. */
    public Collection get(String nameOrAlias) {
        Collection c = open.get(nameOrAlias);
        if (c == null) {
            String target = image.aliases().get(nameOrAlias);
            c = target == null ? null : open.get(target);
        }
        if (c == null) {
            throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
        }
        return c;
    }

    public boolean exists(String name) {
        return open.containsKey(name) || image.aliases().containsKey(name);
    }

    public List<String> names() {
        return new ArrayList<>(image.collections().keySet());
    }

    public List<Collection> all() {
        return open.values().stream().sorted(Comparator.comparing(Collection::name)).toList();
    }

    public SortedMap<String, String> aliases() {
        return image.aliases();
    }

    public static void validateName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw AtollException.badRequest("Validation error in path parameters: [name: length must be between 1 and "
                    + MAX_NAME_LENGTH + "]");
        }
        boolean badChar = name.chars().anyMatch(ch -> ch == '/' || ch == '\\' || Character.isISOControl(ch));
        if (badChar || name.equals(".") || name.equals("..")) {
            throw AtollException.badRequest("Validation error in path parameters: [name: collection name cannot contain \"/\", \"\\\", control characters or be \".\" / \"..\"]");
        }
    }

    /** Commits every local replica and trims WALs; called periodically and on shutdown. */
    public void flushAll() {
        for (Collection c : open.values()) {
            try {
                c.flush();
            } catch (IOException | RuntimeException e) {
                LOG.warn("flush of collection {} failed", c.name(), e);
            }
        }
    }

    /** Makes recent writes visible even when nobody waits for them. */
    public void refreshAll() {
        for (Collection c : open.values()) {
            try {
                c.refresh();
            } catch (IOException | RuntimeException e) {
                LOG.warn("refresh of collection {} failed", c.name(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        for (Collection c : open.values()) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing collection {} failed", c.name(), e);
            }
        }
        open.clear();
    }
}
