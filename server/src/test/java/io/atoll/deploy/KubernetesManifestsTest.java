package io.atoll.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.atoll.server.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * L1, issue 14: the Kubernetes manifests parse, and name what the server and its clients need: the three ports,
 * the readiness and liveness probes, a pre-stop hook that drains, start flags the server knows, and services and
 * names that agree with each other. (A cluster to apply them to is not available here; the scale-in sequence the
 * hook runs is tested on local processes by {@code KubernetesScaleInTest}.)
 */
public class KubernetesManifestsTest {
    static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "atoll.yaml");

    /** The manifest's documents by kind and name. */
    public static Map<String, JsonNode> documents() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, JsonNode> out = new TreeMap<>();
        try (var it = yaml.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(MANIFEST))) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                out.put(d.get("kind").asText() + "/" + d.get("metadata").get("name").asText(), d);
            }
        }
        return out;
    }

    /** One of the scripts the ConfigMap mounts into the pods. */
    public static String script(String name) throws IOException {
        return documents().get("ConfigMap/atoll-scripts").get("data").get(name).asText();
    }

    @Test
    void theStatefulSetNamesThePortsProbesHookAndVolumes() throws IOException {
        Map<String, JsonNode> docs = documents();
        assertEquals(Set.of("ConfigMap/atoll-scripts", "Role/atoll-scale-reader", "RoleBinding/atoll-scale-reader",
                "Service/atoll", "Service/atoll-headless", "ServiceAccount/atoll", "StatefulSet/atoll"), docs.keySet());
        JsonNode set = docs.get("StatefulSet/atoll").get("spec");
        assertEquals("atoll-headless", set.get("serviceName").asText());
        JsonNode pod = set.get("template").get("spec");
        assertEquals("atoll", pod.get("serviceAccountName").asText());
        JsonNode c = pod.get("containers").get(0);
        Map<String, Integer> ports = new TreeMap<>();
        c.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
        assertEquals(Map.of("http", 6333, "grpc", 6334, "p2p", 6335), ports);
        assertEquals("/readyz", c.get("readinessProbe").get("httpGet").get("path").asText());
        assertEquals(6333, c.get("readinessProbe").get("httpGet").get("port").asInt());
        assertEquals("/livez", c.get("livenessProbe").get("httpGet").get("path").asText());
        assertEquals(List.of("/bin/sh", "/opt/atoll/k8s/pre-stop.sh"),
                texts(c.get("lifecycle").get("preStop").get("exec").get("command")));
        assertEquals(List.of("/bin/sh", "/opt/atoll/k8s/start.sh"), texts(c.get("command")));
        Map<String, String> mounts = new TreeMap<>();
        c.get("volumeMounts").forEach(m -> mounts.put(m.get("name").asText(), m.get("mountPath").asText()));
        assertEquals(Map.of("data", "/var/lib/atoll", "scripts", "/opt/atoll/k8s"), mounts);
        assertEquals("data", set.get("volumeClaimTemplates").get(0).get("metadata").get("name").asText());
        Map<String, String> env = new TreeMap<>();
        c.get("env").forEach(e -> env.put(e.get("name").asText(), e.has("value") ? e.get("value").asText() : "<ref>"));
        assertEquals("atoll", env.get("STATEFULSET"), "the pre-stop hook reads this StatefulSet's scale");
        assertEquals("atoll-headless", env.get("HEADLESS_SERVICE"), "pods join through the headless service");
        assertTrue(pod.get("terminationGracePeriodSeconds").asInt() >= 600, "a drain needs time");
        JsonNode headless = docs.get("Service/atoll-headless").get("spec");
        assertEquals("None", headless.get("clusterIP").asText());
        assertTrue(headless.get("publishNotReadyAddresses").asBoolean());
        List<Integer> headlessPorts = new ArrayList<>();
        headless.get("ports").forEach(p -> headlessPorts.add(p.get("port").asInt()));
        assertEquals(List.of(6333, 6334, 6335), headlessPorts);
        assertEquals(List.of("atoll"), texts(docs.get("Role/atoll-scale-reader").get("rules").get(0).get("resourceNames")));
    }

    @Test
    void theStartScriptUsesOnlyFlagsTheServerKnows() throws IOException {
        Set<String> known = new CommandLine(new Main()).getSubcommands().get("server").getCommandSpec().optionsMap()
                .keySet();
        Matcher m = Pattern.compile("(--[a-z][a-z-]+)").matcher(script("start.sh"));
        Set<String> used = new java.util.LinkedHashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        used.removeAll(List.of("--enable-native-access", "--add-modules"));
        assertEquals(Set.of("--host", "--storage", "--uri", "--node-name", "--bootstrap"), used);
        assertTrue(known.containsAll(used), used + " not all in " + known);
        assertTrue(script("pre-stop.sh").contains("nodes drain self --url \"${url}\" --wait"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
