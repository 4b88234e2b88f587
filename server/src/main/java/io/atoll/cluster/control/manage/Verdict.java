package io.atoll.cluster.control.manage;

/** One placement rule's answer about one node, with its reason, as Elasticsearch's allocation deciders give. */
public record Verdict(String rule, boolean yes, String reason) {
    static Verdict yes(String rule, String reason) {
        return new Verdict(rule, true, reason);
    }

    static Verdict no(String rule, String reason) {
        return new Verdict(rule, false, reason);
    }
}
