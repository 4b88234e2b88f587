package io.atoll.point;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** Which vectors a read returns (Qdrant's with_vector: a bool or a list of vector names). */
public sealed interface VectorSelector {
    VectorSelector ALL = new All();
    VectorSelector NONE = new None();

    @JsonTypeName("all")
    record All() implements VectorSelector {
    }

    @JsonTypeName("none")
    record None() implements VectorSelector {
    }

    @JsonTypeName("named")
    record Named(List<String> names) implements VectorSelector {
    }

    default boolean wants(String name) {
        return switch (this) {
            case All a -> true;
            case None n -> false;
            case Named named -> named.names().contains(name);
        };
    }

    default boolean wantsAny() {
        return !(this instanceof None);
    }
}
