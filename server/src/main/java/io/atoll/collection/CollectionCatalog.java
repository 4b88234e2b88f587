package io.atoll.collection;

import io.atoll.schema.CollectionParams;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The collections of this node and their aliases: an immutable value, replaced whole on every change. Until the
 * cluster metadata moves to Raft it is persisted as one file by {@link CatalogStore}.
 */
public record CollectionCatalog(SortedMap<String, CollectionParams> collections, SortedMap<String, String> aliases) {
    public static final CollectionCatalog EMPTY = new CollectionCatalog(new TreeMap<>(), new TreeMap<>());

    public CollectionCatalog {
        collections = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(collections));
        aliases = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    public CollectionCatalog withCollection(String name, CollectionParams params) {
        TreeMap<String, CollectionParams> c = new TreeMap<>(collections);
        c.put(name, params);
        return new CollectionCatalog(c, aliases);
    }

    /** Drops a collection and every alias pointing at it. */
    public CollectionCatalog withoutCollection(String name) {
        TreeMap<String, CollectionParams> c = new TreeMap<>(collections);
        c.remove(name);
        TreeMap<String, String> a = new TreeMap<>(aliases);
        a.values().removeIf(name::equals);
        return new CollectionCatalog(c, a);
    }

    public CollectionCatalog withAliases(Map<String, String> newAliases) {
        return new CollectionCatalog(collections, new TreeMap<>(newAliases));
    }
}
