package io.atoll.api.rest;

import io.atoll.api.rest.RequestGrammar.Shape;
import io.atoll.testing.AtollServerExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * The collections and aliases the fuzzer names in paths and bodies. The reference collection is in the pool of
 * reads only, and no pool that a write, an alias action or a create/delete draws from can reach it (no alias ever
 * points at it), so it must stay exactly as set up whatever the fuzzer does.
 *
 * @param reference read only: its points are checked after every batch of cases
 * @param single    fuzz-owned, one 3-dimensional Euclid vector
 * @param named     fuzz-owned, named vectors {@code text} (2, Dot) and {@code image} (3, Cosine)
 * @param temps     names the fuzzer creates and deletes collections under
 * @param aliases   alias names the fuzzer creates, renames and deletes (the first points at {@code single} at start)
 * @param missing   a name nothing ever creates
 */
record FuzzTargets(long selfPeer, String reference, String single, String named, List<String> temps,
                   List<String> aliases, String missing) {

    static FuzzTargets create(long selfPeer) {
        List<String> temps = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            temps.add(AtollServerExtension.collection("fuzz_tmp"));
            aliases.add(AtollServerExtension.collection("fuzz_alias"));
        }
        return new FuzzTargets(selfPeer, AtollServerExtension.collection("fuzz_ref"),
                AtollServerExtension.collection("fuzz_single"), AtollServerExtension.collection("fuzz_named"),
                List.copyOf(temps), List.copyOf(aliases), AtollServerExtension.collection("fuzz_missing"));
    }

    /** Names a read may target: everything, the reference included. */
    List<String> reads() {
        return List.of(reference, reference, reference, reference, single, single, single, named, named, named,
                temps.getFirst(), aliases.get(0), aliases.get(1), missing);
    }

    /** Names a write may target: the fuzz-owned collections and aliases, never the reference. */
    List<String> writes() {
        return List.of(single, single, single, single, single, named, named, named, named, named, temps.get(0),
                aliases.get(0), aliases.get(1), missing);
    }

    /** Names collections are created and deleted under. */
    List<String> lifecycle() {
        return temps;
    }

    /** Collection names alias actions point at. */
    List<String> aliasCollections() {
        return List.of(single, named, temps.get(0), temps.get(1), missing, "");
    }

    /** Alias names for alias actions: the fuzz aliases, and names of collections (which must be refused). */
    List<String> aliasNames() {
        List<String> out = new ArrayList<>(aliases);
        out.addAll(List.of(single, temps.get(2), "", "a/b"));
        return out;
    }

    Shape shapeOf(String name) {
        if (name.equals(reference) || name.equals(single)) {
            return Shape.SINGLE;
        }
        return name.equals(named) ? Shape.NAMED : Shape.ANY;
    }
}
