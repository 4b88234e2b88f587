package io.atoll.filter;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Qdrant's filter: every {@code must} condition, at least one {@code should} condition (when there are any),
 * no {@code mustNot} condition, and at least {@code minShould.minCount} of its conditions. A filter is itself a
 * condition, so filters nest. Immutable.
 */
@JsonTypeName("filter")
public record Filter(List<Condition> must, List<Condition> should, List<Condition> mustNot, MinShould minShould)
        implements Condition {

    public static final Filter EMPTY = new Filter(List.of(), List.of(), List.of(), null);

    public Filter {
        must = List.copyOf(must);
        should = List.copyOf(should);
        mustNot = List.copyOf(mustNot);
    }

    public boolean isEmpty() {
        return must.isEmpty() && should.isEmpty() && mustNot.isEmpty() && minShould == null;
    }

    public static Filter allOf(Condition... conditions) {
        return new Filter(List.of(conditions), List.of(), List.of(), null);
    }

    /** This filter with one more must_not condition. */
    public Filter withMustNot(Condition c) {
        List<Condition> mn = new java.util.ArrayList<>(mustNot);
        mn.add(c);
        return new Filter(must, should, mn, minShould);
    }

    public record MinShould(List<Condition> conditions, int minCount) {
        public MinShould {
            conditions = List.copyOf(conditions);
        }
    }
}
