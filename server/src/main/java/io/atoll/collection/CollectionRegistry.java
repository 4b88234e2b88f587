package io.atoll.collection;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collections this node serves, by name and alias, each following the image the node has acted on: the
 * reconciler hands every such image here after the node's replicas follow it. Lookups take no lock.
 */
public final class CollectionRegistry {
    private final CoordinatorContext context;
    private final LocalReads local;
    private final Map<String, Collection> open = new ConcurrentHashMap<>();
    private volatile ClusterImage image = ClusterImage.EMPTY;

    private final IssueBoard issues;

    public CollectionRegistry(CoordinatorContext context, LocalReads local, IssueBoard issues) {
        this.context = context;
        this.local = local;
        this.issues = issues;
    }

    public CollectionRegistry(CoordinatorContext context, LocalReads local) {
        this(context, local, new IssueBoard(IssueBoard.DEFAULT_SLOW_QUERY));
    }

    /** The node's performance issues, which this registry's collections report. */
    public IssueBoard issues() {
        return issues;
    }

    /** Follows an image the node's replicas follow already; called by one thread, in order. */
    public void follow(ClusterImage next) {
        for (CollectionMeta meta : next.collections().values()) {
            CollectionView view = CollectionView.of(meta, next, context.self());
            Collection c = open.get(meta.name());
            if (c == null || !c.meta().uuid().equals(meta.uuid())) {
                open.put(meta.name(), new Collection(view, context, local, issues));
            } else {
                c.follow(view);
            }
        }
        open.keySet().removeIf(name -> !next.collections().containsKey(name));
        Map<String, CollectionParams> params = new java.util.HashMap<>();
        next.collections().forEach((name, meta) -> params.put(name, meta.params()));
        issues.follow(params);
        image = next;
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
}
