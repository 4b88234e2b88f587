package io.atoll.cluster.control;

/** One action of Qdrant's POST /collections/aliases; a list of them is applied all or nothing. */
public sealed interface AliasAction {
    record Create(String collection, String alias) implements AliasAction {
    }

    record Delete(String alias) implements AliasAction {
    }

    record Rename(String oldAlias, String newAlias) implements AliasAction {
    }
}
