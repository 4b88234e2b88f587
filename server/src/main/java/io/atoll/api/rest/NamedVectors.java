package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorParams;
import java.security.SecureRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Qdrant's {@code PUT|DELETE /collections/{c}/vectors/{name}}: a named vector added to a collection (points have
 * none of it until they are written with it) or removed (every point loses it). Adding a vector that exists with
 * the same configuration changes nothing, as in Qdrant; with another, it is refused. Stateless.
 */
final class NamedVectors {
    private static final SecureRandom GENERATIONS = new SecureRandom();

    private NamedVectors() {
    }

    /** The change a PUT body asks for, checked in full before any change is proposed. */
    static UnaryOperator<CollectionParams> add(String name, ObjectNode body) {
        if (name.isEmpty()) {
            throw formatError("vector names must not be empty");
        }
        JsonInput.allowOnly(body, "vector config", Set.of("dense", "sparse"));
        if (JsonInput.present(body, "sparse")) {
            if (JsonInput.present(body, "dense")) {
                throw formatError("a vector config is either `dense` or `sparse`, not both");
            }
            return addSparse(name, SparseVectorsParser.added(JsonInput.object(body.get("sparse"), "sparse")));
        }
        ObjectNode dense = JsonInput.object(JsonInput.required(body, "dense"), "dense");
        JsonInput.allowOnly(dense, "dense", Set.of("size", "distance", "multivector_config", "datatype"));
        // the same rules as a vector given at creation, without the settings a new vector cannot carry
        VectorParams given = CollectionParser.vectorParams(dense, "dense");
        // a fresh generation: the points' values under a name that was removed before stay gone
        VectorParams added = given.withGeneration(freshGeneration());
        return p -> {
            if (!p.namedVectors()) {
                throw AtollException.badRequest("Bad request: collection has a single unnamed vector; named vectors "
                        + "can be added only to a collection created with named vectors");
            }
            if (p.sparseVector(name) != null) {
                throw AtollException.badRequest("Wrong input: Vector `" + name + "` already exists as a sparse vector");
            }
            VectorParams existing = p.vector(name);
            if (existing != null) {
                if (existing.size() != given.size() || existing.distance() != given.distance()
                        || existing.datatype() != given.datatype()
                        || !java.util.Objects.equals(existing.multivector(), given.multivector())) {
                    throw AtollException.badRequest("Wrong input: Vector `" + name
                            + "` already exists with a different configuration");
                }
                return p;
            }
            TreeMap<String, VectorParams> vectors = new TreeMap<>(p.vectors());
            vectors.put(name, added);
            return p.withVectors(vectors);
        };
    }

    /** A sparse vector added (to a collection with named vectors or a single unnamed one, as in Qdrant). */
    private static UnaryOperator<CollectionParams> addSparse(String name, SparseVectorParams given) {
        SparseVectorParams added = given.withGeneration(freshGeneration());
        return p -> {
            if (p.vector(name) != null) {
                throw AtollException.badRequest("Wrong input: Vector `" + name + "` already exists as a dense vector");
            }
            SparseVectorParams existing = p.sparseVector(name);
            if (existing != null) {
                if (!SparseVectorsParser.sameConfiguration(existing, given)) {
                    throw AtollException.badRequest("Wrong input: Sparse vector `" + name
                            + "` already exists with a different configuration");
                }
                return p;
            }
            TreeMap<String, SparseVectorParams> sparse = new TreeMap<>(p.sparseVectors());
            sparse.put(name, added);
            return p.withSparseVectors(sparse);
        };
    }

    /** A random positive generation: the points' values under a name that was removed before stay gone. */
    private static long freshGeneration() {
        return 1 + (GENERATIONS.nextLong() & (Long.MAX_VALUE - 1));
    }

    /** The change a DELETE asks for; a name the collection does not have is Qdrant's not-existing vector. */
    static UnaryOperator<CollectionParams> remove(String name) {
        return p -> {
            if (p.sparseVector(name) != null) {
                TreeMap<String, SparseVectorParams> sparse = new TreeMap<>(p.sparseVectors());
                sparse.remove(name);
                return p.withSparseVectors(sparse);
            }
            if (p.vector(name) == null) {
                throw AtollException.notFound("Wrong input: Not existing vector name error: " + name);
            }
            if (!p.namedVectors()) {
                throw AtollException.badRequest("Bad request: the single unnamed vector of a collection cannot be "
                        + "removed");
            }
            TreeMap<String, VectorParams> vectors = new TreeMap<>(p.vectors());
            vectors.remove(name);
            return p.withVectors(vectors);
        };
    }
}
