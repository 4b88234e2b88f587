package io.atoll.chaos;

import io.atoll.chaos.fault.ClockSkew;
import io.atoll.chaos.fault.DiskFull;
import io.atoll.chaos.fault.DrainNode;
import io.atoll.chaos.fault.SnapshotRoundTrip;
import io.atoll.chaos.fault.Fault;
import io.atoll.chaos.fault.FsyncErrors;
import io.atoll.chaos.fault.JoinNode;
import io.atoll.chaos.fault.Kill;
import io.atoll.chaos.fault.Partition;
import io.atoll.chaos.fault.Pause;
import io.atoll.chaos.fault.Resharding;
import io.atoll.chaos.fault.TenantPromotion;
import io.atoll.chaos.fault.ForgedWrites;
import io.atoll.chaos.fault.ShardTransfers;
import io.atoll.chaos.fault.TransferToFullDisk;
import io.atoll.chaos.workload.MetadataWorkload;
import io.atoll.chaos.workload.RegisterWorkload;
import io.atoll.chaos.workload.SetWorkload;
import io.atoll.chaos.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The scenarios the chaos runner knows, by name. */
public final class Scenarios {
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration GAP = Duration.ofSeconds(1);
    private static final Duration HOLD = Duration.ofSeconds(4);

    private Scenarios() {
    }

    /** Moves, copies, aborts and restarts of transfers of the set workload's shards, between the faults. */
    private static Fault transfers() {
        return new ShardTransfers(SetWorkload.COLLECTION, 2);
    }

    /** Scale-ups, scale-downs and aborts of the set workload's collection, between the faults. */
    private static Fault reshard() {
        return new Resharding(SetWorkload.COLLECTION);
    }

    /** Tenant promotions of the tenant set workload's collection, between the faults. */
    private static Fault promote() {
        return new TenantPromotion(SetWorkload.TENANT_COLLECTION);
    }

    /** A collection snapshot of the set workload's collection, recovered into a copy and checked, between the faults. */
    private static Fault snapshot() {
        return new SnapshotRoundTrip(SetWorkload.COLLECTION);
    }

    private static List<Fault> crashes() {
        return List.of(new Kill(), new Pause(), transfers(), reshard(), promote(), snapshot());
    }

    private static List<Fault> partitions() {
        String c = SetWorkload.COLLECTION;
        return List.of(new Partition(Partition.Shape.ISOLATE, c), new Partition(Partition.Shape.ISOLATE_LEADER, c),
                new Partition(Partition.Shape.ISOLATE_PRIMARY, c), new Partition(Partition.Shape.ONE_WAY, c),
                new Partition(Partition.Shape.BRIDGE, c), new Partition(Partition.Shape.SPLIT, c), transfers(),
                reshard(), promote(), snapshot());
    }

    private static List<Fault> disks() {
        return List.of(new DiskFull(), new FsyncErrors(), new ClockSkew(), transfers(), reshard(), promote(),
                snapshot());
    }

    private static List<Fault> membership() {
        // With the rebalancer on, a joined node soon holds replicas of every collection: it leaves by the
        // scale-in sequence (drain, then removal without force), never by force, which would lose them.
        return List.of(new JoinNode(), new DrainNode(true), new DrainNode(false), transfers(), reshard(), promote(),
                snapshot());
    }

    private static Supplier<List<Workload>> data() {
        return () -> List.of(new SetWorkload(3, 2, 3), SetWorkload.tenant(2, 2), new RegisterWorkload(3, 3, 3));
    }

    private static Supplier<List<Workload>> dataAndMetadata() {
        return () -> List.of(new SetWorkload(3, 2, 3), SetWorkload.tenant(2, 2), new RegisterWorkload(3, 3, 3),
                new MetadataWorkload());
    }

    private static List<Fault> all() {
        List<Fault> f = new ArrayList<>(crashes());
        f.addAll(partitions());
        f.addAll(disks());
        f.addAll(membership());
        f.removeIf(x -> x instanceof ShardTransfers || x instanceof Resharding || x instanceof TenantPromotion
                || x instanceof SnapshotRoundTrip);
        f.add(transfers());
        f.add(transfers());
        f.add(reshard());
        f.add(promote());
        f.add(snapshot());
        return f;
    }

    /** Every scenario; the matrix runs them in turn, one seed each. */
    public static List<Scenario> list() {
        return List.of(
                new Scenario("crashes", 3, 3, crashes(), data(), WARM_UP, GAP, HOLD),
                new Scenario("partitions", 3, 3, partitions(), dataAndMetadata(), WARM_UP, GAP, HOLD),
                new Scenario("disks", 3, 3, disks(), data(), WARM_UP, GAP, HOLD),
                new Scenario("membership", 3, 5, membership(), dataAndMetadata(), WARM_UP, GAP, HOLD),
                new Scenario("mixed", 3, 5, all(), dataAndMetadata(), WARM_UP, GAP, HOLD),
                new Scenario("transfer-disk-full", 3, 3, List.of(new TransferToFullDisk(SetWorkload.COLLECTION),
                        new Kill()), data(), WARM_UP, GAP, HOLD));
    }

    /**
     * Not part of the matrix: the checker's own test. Points are deleted and forged behind the history's back, so
     * a run must report them lost and unexpected; one that reports nothing means the checker is broken.
     */
    static Scenario sabotage() {
        return new Scenario("sabotage", 3, 3, List.of(new ForgedWrites(SetWorkload.COLLECTION)),
                () -> List.of(new SetWorkload(3, 2, 3)), WARM_UP, GAP, HOLD);
    }

    public static Scenario named(String name) {
        return Stream.concat(list().stream(), Stream.of(sabotage())).filter(s -> s.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no scenario `" + name + "`; known: "
                        + list().stream().map(Scenario::name).toList()));
    }
}
