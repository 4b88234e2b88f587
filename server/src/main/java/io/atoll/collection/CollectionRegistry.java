package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.ShardSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections open on this node. Metadata changes (create, drop, params, payload indexes, aliases) are
 * serialized on this object and persisted before they take effect; reads of the open collections take no lock.
 */
public final class CollectionRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionRegistry.class);
    private static final int MAX_NAME_LENGTH = 255;

    private final Path shardsDir;
    private final CatalogStore store;
    private final ShardSettings settings;
    private final ExecutorService indexingPool;
    private final Map<String, Collection> open = new ConcurrentHashMap<>();
    private volatile CollectionCatalog catalog;

    public CollectionRegistry(Path storage, ShardSettings settings, ExecutorService indexingPool) throws IOException {
        this.shardsDir = storage.resolve("shards");
        this.store = new CatalogStore(storage.resolve("meta").resolve("catalog.json"));
        this.settings = settings;
        this.indexingPool = indexingPool;
        this.catalog = store.load();
        for (Map.Entry<String, CollectionParams> e : catalog.collections().entrySet()) {
            open.put(e.getKey(), Collection.open(e.getKey(), e.getValue(), dirOf(e.getKey()), settings, indexingPool));
        }
    }

    private Path dirOf(String name) {
        return shardsDir.resolve(name);
    }

    /** The collection with this name or alias. */
    public Collection get(String nameOrAlias) {
        Collection c = open.get(nameOrAlias);
        if (c == null) {
            String target = catalog.aliases().get(nameOrAlias);
            c = target == null ? null : open.get(target);
        }
        if (c == null) {
            throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
        }
        return c;
    }

    public boolean exists(String name) {
        return open.containsKey(name) || catalog.aliases().containsKey(name);
    }

    public List<String> names() {
        return new ArrayList<>(catalog.collections().keySet());
    }

    public List<Collection> all() {
        return open.values().stream().sorted(Comparator.comparing(Collection::name)).toList();
    }

    public CollectionCatalog catalog() {
        return catalog;
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

    public synchronized void create(String name, CollectionParams params) {
        validateName(name);
        if (catalog.collections().containsKey(name) || catalog.aliases().containsKey(name)) {
            throw AtollException.conflict("Wrong input: Collection `" + name + "` already exists!");
        }
        Collection c;
        try {
            deleteRecursively(dirOf(name));
            c = Collection.open(name, params, dirOf(name), settings, indexingPool);
        } catch (IOException e) {
            throw AtollException.internal("could not create collection " + name + ": " + e.getMessage(), e);
        }
        try {
            persist(catalog.withCollection(name, params));
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        open.put(name, c);
        LOG.info("created collection {} with {} shards", name, params.shardNumber());
    }

    /** Drops a collection; false when there was none. */
    public synchronized boolean delete(String name) {
        if (!catalog.collections().containsKey(name)) {
            return false;
        }
        persist(catalog.withoutCollection(name));
        Collection c = open.remove(name);
        closeQuietly(c);
        try {
            deleteRecursively(dirOf(name));
        } catch (IOException e) {
            LOG.warn("could not remove the data of dropped collection {}", name, e);
        }
        LOG.info("dropped collection {}", name);
        return true;
    }

    /** Replaces a collection's params with {@code change} applied to them. */
    public synchronized void updateParams(String nameOrAlias, UnaryOperator<CollectionParams> change) {
        Collection c = get(nameOrAlias);
        CollectionParams updated = change.apply(c.params());
        persist(catalog.withCollection(c.name(), updated));
        c.updateParams(updated);
    }

    public synchronized void updateAliases(List<AliasAction> actions) {
        TreeMap<String, String> aliases = new TreeMap<>(catalog.aliases());
        for (AliasAction a : actions) {
            switch (a) {
                case AliasAction.Create cr -> {
                    if (!catalog.collections().containsKey(cr.collection())) {
                        throw AtollException.notFound("Collection `" + cr.collection() + "` doesn't exist!");
                    }
                    validateName(cr.alias());
                    if (catalog.collections().containsKey(cr.alias())) {
                        throw AtollException.conflict("Wrong input: Collection `" + cr.alias() + "` already exists!");
                    }
                    aliases.put(cr.alias(), cr.collection());
                }
                case AliasAction.Delete d -> {
                    if (aliases.remove(d.alias()) == null) {
                        throw AtollException.notFound("Alias `" + d.alias() + "` doesn't exist!");
                    }
                }
                case AliasAction.Rename r -> {
                    String target = aliases.remove(r.oldAlias());
                    if (target == null) {
                        throw AtollException.notFound("Alias `" + r.oldAlias() + "` doesn't exist!");
                    }
                    validateName(r.newAlias());
                    if (catalog.collections().containsKey(r.newAlias())) {
                        throw AtollException.conflict("Wrong input: Collection `" + r.newAlias() + "` already exists!");
                    }
                    aliases.put(r.newAlias(), target);
                }
            }
        }
        persist(catalog.withAliases(aliases));
    }

    private void persist(CollectionCatalog next) {
        try {
            store.save(next);
        } catch (IOException e) {
            throw AtollException.internal("could not persist collection metadata: " + e.getMessage(), e);
        }
        catalog = next;
    }

    /** Commits every shard and trims WALs; called periodically and on shutdown. */
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

    private static void closeQuietly(Collection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing collection {} failed", c.name(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public synchronized void close() {
        for (Collection c : open.values()) {
            closeQuietly(c);
        }
        open.clear();
    }
}
