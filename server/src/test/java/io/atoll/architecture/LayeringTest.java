package io.atoll.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of ARCHITECTURE.md section 2: nothing uses a layer above it. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.atoll");

    @Test
    void layersOnlyUseLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("server").definedBy("io.atoll.server..")
                .layer("api").definedBy("io.atoll.api..")
                .layer("clusterControl").definedBy("io.atoll.cluster.control..")
                .layer("clusterRaft").definedBy("io.atoll.cluster.raft..")
                .layer("clusterMeta").definedBy("io.atoll.cluster.meta..")
                .layer("collection").definedBy("io.atoll.collection..")
                .layer("shard").definedBy("io.atoll.shard..")
                .layer("storage").definedBy("io.atoll.storage..")
                .layer("routing").definedBy("io.atoll.routing..")
                .layer("transport").definedBy("io.atoll.transport..")
                .layer("model").definedBy("io.atoll.point..", "io.atoll.filter..", "io.atoll.schema..", "io.atoll.error..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayOnlyBeAccessedByLayers("server")
                .whereLayer("clusterControl").mayOnlyBeAccessedByLayers("server", "api")
                .whereLayer("clusterRaft").mayOnlyBeAccessedByLayers("server", "clusterControl")
                .whereLayer("clusterMeta").mayOnlyBeAccessedByLayers("server", "api", "clusterControl", "clusterRaft", "collection")
                .whereLayer("collection").mayOnlyBeAccessedByLayers("server", "api", "clusterControl")
                .whereLayer("shard").mayOnlyBeAccessedByLayers("server", "api", "collection")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("shard")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("collection", "shard")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("server", "clusterControl", "collection", "shard")
                .check(CLASSES);
    }
}
