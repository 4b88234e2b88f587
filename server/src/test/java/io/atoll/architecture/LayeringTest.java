package io.atoll.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of ARCHITECTURE.md section 2: nothing uses a layer above it, and no two packages use each other.
 * Top to bottom: server; the command line (which uses only the REST API); the APIs; the controllers; the node's
 * reconciler; the collection coordinators; the primary's replication; one local shard with its engine; storage
 * formats. Beside and below them: the metadata, the Raft adapter (for controllers and the server only),
 * the peer transport, the codecs and the model (which includes routing: filters name rings).
 */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.atoll");

    @Test
    void layersOnlyUseLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("server").definedBy("io.atoll.server..")
                .layer("cli").definedBy("io.atoll.cli..")
                .layer("api").definedBy("io.atoll.api..")
                .layer("snapshot").definedBy("io.atoll.snapshot..")
                .layer("clusterControl").definedBy("io.atoll.cluster.control..")
                .layer("node").definedBy("io.atoll.node..")
                .layer("collection").definedBy("io.atoll.collection..")
                .layer("transfer").definedBy("io.atoll.transfer..")
                .layer("replication").definedBy("io.atoll.replication..")
                .layer("shard").definedBy("io.atoll.shard..")
                .layer("storage").definedBy("io.atoll.storage..")
                .layer("clusterRaft").definedBy("io.atoll.cluster.raft..")
                .layer("clusterMeta").definedBy("io.atoll.cluster.meta..")
                .layer("transport").definedBy("io.atoll.transport..")
                .layer("codec").definedBy("io.atoll.codec..")
                .layer("security").definedBy("io.atoll.security..")
                .layer("model").definedBy("io.atoll.point..", "io.atoll.filter..", "io.atoll.schema..",
                        "io.atoll.error..", "io.atoll.operation..", "io.atoll.query..", "io.atoll.routing..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("server")
                .whereLayer("api").mayOnlyBeAccessedByLayers("server")
                .whereLayer("snapshot").mayOnlyBeAccessedByLayers("server", "api")
                .whereLayer("clusterControl").mayOnlyBeAccessedByLayers("server", "api", "snapshot")
                .whereLayer("node").mayOnlyBeAccessedByLayers("server")
                .whereLayer("collection").mayOnlyBeAccessedByLayers("server", "api", "node", "snapshot")
                .whereLayer("transfer").mayOnlyBeAccessedByLayers("server", "node")
                .whereLayer("replication").mayOnlyBeAccessedByLayers("server", "node", "collection", "transfer",
                        "snapshot")
                .whereLayer("shard").mayOnlyBeAccessedByLayers("server", "node", "collection", "transfer",
                        "replication", "snapshot")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("shard")
                .whereLayer("clusterRaft").mayOnlyBeAccessedByLayers("server", "clusterControl")
                .whereLayer("clusterMeta").mayOnlyBeAccessedByLayers("server", "api", "clusterControl", "node",
                        "collection", "transfer", "replication", "clusterRaft", "snapshot")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("server", "clusterControl", "collection",
                        "transfer", "replication", "snapshot")
                .whereLayer("codec").mayOnlyBeAccessedByLayers("collection", "replication", "shard", "clusterMeta")
                .whereLayer("security").mayOnlyBeAccessedByLayers("server", "api", "transport", "clusterRaft")
                .check(CLASSES);
    }

    /**
     * The command line talks to a node through its REST API only, as a user's script would: it must keep working
     * against any node of a cluster, so it must not lean on the server's classes.
     */
    @Test
    void commandLineUsesOnlyTheRestApi() {
        classes().that().resideInAPackage("io.atoll.cli..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.atoll.cli..", "java..", "javax.net.ssl..", "picocli..", "com.fasterxml.jackson..",
                        "me.tongfei.progressbar..")
                .check(CLASSES);
    }

    @Test
    void noPackagesUseEachOther() {
        slices().matching("io.atoll.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
