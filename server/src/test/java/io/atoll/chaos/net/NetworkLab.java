package io.atoll.chaos.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small routed network for partition tests. This JVM must already run in a network namespace of its own (the
 * chaos runner is started with {@code unshare --net}); that namespace is the hub. Each node slot gets a namespace of
 * its own, held open by a {@code sleep} process, joined to the hub by a veth pair: slot {@code i} is 10.77.i.2 and
 * the hub routes between slots. Partitions are nftables drop rules in the hub's forward chain, so they cut
 * node-to-node traffic only; this JVM (the clients and the checker) always reaches every node. Nothing here touches
 * a namespace the test did not make, and all of it disappears with the processes that hold it.
 */
public final class NetworkLab implements AutoCloseable {
    private static final String TABLE = "atoll_chaos";
    private static final String CHAIN = "partitions";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // a runner stopped with SIGTERM or Ctrl-C leaves no namespace holders behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final List<Process> holders = new ArrayList<>();

    private NetworkLab() {
    }

    /**
     * Whether this JVM runs in a network namespace of the test's own: one with no interface but the loopback and
     * the hub ends of earlier labs. The machine's own namespace always has a real interface. (Comparing with pid
     * 1's namespace would be more direct, but the JVM may not read it.)
     */
    public static boolean inPrivateNamespace() {
        return Shell.run("ip", "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim().split("@")[0])
                .allMatch(name -> name.equals("lo") || name.startsWith("hub"));
    }

    /** Creates {@code slots} node namespaces (slots 1..n) routed through this JVM's namespace. */
    public static NetworkLab create(int slots) {
        if (!inPrivateNamespace()) {
            throw new IllegalStateException("the network lab changes routes and firewall rules, so it runs only in a "
                    + "network namespace of its own (start this JVM with `unshare --net --mount`)");
        }
        NetworkLab lab = new NetworkLab();
        try {
            Shell.run("ip", "link", "set", "lo", "up");
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
            Shell.run("nft", "add table inet " + TABLE);
            Shell.run("nft", "add chain inet " + TABLE + " " + CHAIN + " { type filter hook forward priority 0; }");
            for (int slot = 1; slot <= slots; slot++) {
                lab.addSlot(slot);
            }
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw new IllegalStateException("cannot build the network lab: " + e.getMessage(), e);
        }
    }

    private void addSlot(int slot) throws IOException {
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        holders.add(holder);
        LIVE.add(holder);
        String ns = "/proc/" + holder.pid() + "/ns/net";
        // unshare has switched namespaces once the holder's namespace differs from ours
        for (int i = 0; i < 100 && Files.readSymbolicLink(Path.of(ns))
                .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net"))); i++) {
            sleep(20);
        }
        String hub = "hub" + slot;
        String node = "node" + slot;
        // a veth pair goes when the namespace of its other end does, which may lag behind an earlier lab's close
        Shell.works("ip", "link", "del", hub);
        Shell.run("ip", "link", "add", hub, "type", "veth", "peer", "name", node);
        Shell.run("ip", "link", "set", node, "netns", Long.toString(holder.pid()));
        Shell.run("ip", "addr", "add", "10.77." + slot + ".1/24", "dev", hub);
        Shell.run("ip", "link", "set", hub, "up");
        Shell.run("nsenter", "--net=" + ns, "sh", "-c", "ip link set lo up && ip addr add " + address(slot)
                + "/24 dev " + node + " && ip link set " + node + " up && ip route add default via 10.77." + slot + ".1");
    }

    /** The address of a slot's node. */
    public static String address(int slot) {
        return "10.77." + slot + ".2";
    }

    /** The command prefix that runs a program inside the slot's namespace (nsenter execs it: same pid). */
    public List<String> enter(int slot) {
        return List.of("nsenter", "--net=/proc/" + holders.get(slot - 1).pid() + "/ns/net");
    }

    /** Drops every packet from slot {@code from} to slot {@code to} (one way); connections hang, as on a real cut. */
    public void cut(int from, int to) {
        Shell.run("nft", "add rule inet " + TABLE + " " + CHAIN + " ip saddr " + address(from) + " ip daddr "
                + address(to) + " drop");
    }

    /** Removes every cut. */
    public void healAll() {
        Shell.run("nft", "flush chain inet " + TABLE + " " + CHAIN);
    }

    @Override
    public void close() {
        for (Process h : holders) {
            h.destroyForcibly();
            LIVE.remove(h);
            try {
                h.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Shell.works("nft", "delete table inet " + TABLE);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
