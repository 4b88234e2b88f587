package io.atoll.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shard keys of the tenant variant of the set workload: every point is the one tenant's, written and read with
 * the tenant's key as target and the default key as fallback, so that until a tenant promotion moves the tenant to
 * its own key every write lands in the default key, and afterwards in the tenant's.
 */
public final class TenantKeys {
    public static final String TENANT = "tenant";
    public static final String DEFAULT = "default";
    public static final Map<String, Object> SELECTOR = Map.of("target", TENANT, "fallback", DEFAULT);

    void setUp(ChaosWorld world, String collection) {
        RestClient.Response r = world.patientClient(0).put("/collections/" + collection + "/shards",
                Map.of("shard_key", DEFAULT));
        if (r.status() != 200) {
            throw new IllegalStateException("cannot create the default key of " + collection + ": " + r);
        }
    }

    /**
     * After the faults: a tenant key whose promotion was aborted (Dead) or never started (Partial) is dropped, as
     * its user would before trying again. Neither ever took a write alone: writers used the fallback until readers
     * switched, and a promotion is aborted only before that. Only a key with its one replica in such a state: once
     * promoted, a key's sole replica is never marked Dead (it is the last in sync), and a key given a second
     * replica holds the tenant's writes.
     */
    void settle(ChaosWorld world, String collection) {
        for (int node : world.upMembers()) {
            try {
                JsonNode info = world.patientClient(node).get("/collections/" + collection + "/cluster").result();
                if (!info.get("shard_transfers").isEmpty()) {
                    return;
                }
                if (abandoned(info)) {
                    world.patientClient(node).post("/collections/" + collection + "/shards/delete",
                            Map.of("shard_key", TENANT));
                }
                return;
            } catch (RuntimeException e) {
                // the next node
            }
        }
    }

    /** Whether the tenant's key, as a collection's cluster info shows it, has one replica, Dead or Partial. */
    public static boolean abandoned(JsonNode info) {
        List<String> states = new ArrayList<>();
        for (String side : new String[] {"local_shards", "remote_shards"}) {
            for (JsonNode s : info.get(side)) {
                if (TENANT.equals(s.path("shard_key").asText())) {
                    states.add(s.get("state").asText());
                }
            }
        }
        return states.size() == 1 && (states.getFirst().equals("Dead") || states.getFirst().equals("Partial"));
    }
}
