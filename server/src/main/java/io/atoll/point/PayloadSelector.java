package io.atoll.point;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Which part of a payload a read returns (Qdrant's with_payload: a bool, or include / exclude key lists). */
public sealed interface PayloadSelector {
    PayloadSelector ALL = new All();
    PayloadSelector NONE = new None();

    @JsonTypeName("all")
    record All() implements PayloadSelector {
    }

    @JsonTypeName("none")
    record None() implements PayloadSelector {
    }

    @JsonTypeName("include")
    record Include(List<String> keys) implements PayloadSelector {
    }

    @JsonTypeName("exclude")
    record Exclude(List<String> keys) implements PayloadSelector {
    }

    default boolean wantsPayload() {
        return !(this instanceof None);
    }

    /** The selected part of {@code payload} (a new object when keys are filtered). */
    default ObjectNode select(ObjectNode payload) {
        return switch (this) {
            case All a -> payload;
            case None n -> null;
            case Include inc -> PayloadPaths.include(payload, inc.keys());
            case Exclude exc -> {
                ObjectNode out = payload.deepCopy();
                for (String key : exc.keys()) {
                    PayloadPaths.remove(out, key);
                }
                yield out;
            }
        };
    }
}
