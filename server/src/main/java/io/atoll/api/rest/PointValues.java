package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.CollectionRegistry;
import io.atoll.security.ValueExists;
import java.util.Map;

/** A token's {@code value_exists} claim checked against the store: a count with a filter of exact matches. */
public final class PointValues implements ValueExists.Lookup {
    private final CollectionRegistry registry;

    public PointValues(CollectionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean anyPointMatches(String collection, Map<String, Object> matches) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode filter = f.objectNode();
        ArrayNode must = filter.putArray("must");
        matches.forEach((key, value) -> {
            ObjectNode condition = must.addObject().put("key", key);
            condition.putObject("match").set("value", ResponseJson.JSON.valueToTree(value));
        });
        return registry.get(collection).count(FilterParser.orEmpty(filter)) > 0;
    }
}
