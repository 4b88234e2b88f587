package io.atoll.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * The JVM command that test servers start with: the test JVM's own java and classpath and the flags production uses,
 * plus, when the build names a directory for it (system property {@code atoll.test.aotCache}), JDK 25's
 * ahead-of-time cache of the classes a server loads and links (JEP 483 and 514).
 *
 * <p>Why: the default run starts some hundreds of server JVMs on two cores, and each spends seconds of CPU loading
 * and linking the same classes before it answers (about 8 s measured; about 5.5 s with the cache). The cache is made
 * once per test JVM by a training server started with {@code -XX:AOTCacheOutput}, given a few requests and stopped
 * with SIGTERM: the JVM writes the cache as it exits. The cache holds classes from JAR files only, so the
 * classpath's directories ({@code target/classes}, {@code target/test-classes}) are packed into jars beside it
 * first. {@code ./atoll test} and {@code ./atoll chaos} set the property; without it, or when training fails, servers
 * start without a cache: slower, otherwise the same.
 */
final class ServerJvm {
    private static final String CACHE_PROPERTY = "atoll.test.aotCache";
    private static List<String> command;

    private ServerJvm() {
    }

    /** Everything before the main class: java, its flags, {@code -cp} and the classpath. */
    static synchronized List<String> command() {
        if (command == null) {
            command = withCache(System.getProperty(CACHE_PROPERTY, ""));
        }
        return command;
    }

    private static List<String> jvm(String classpath, String... flags) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx1g"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", classpath));
        return List.copyOf(cmd);
    }

    private static List<String> withCache(String dir) {
        String classpath = System.getProperty("java.class.path");
        if (dir.isBlank()) {
            return jvm(classpath);
        }
        try {
            Path root = Path.of(dir);
            AtollServerExtension.deleteRecursively(root);
            Files.createDirectories(root);
            String jars = packDirectories(classpath, root.resolve("classpath"));
            Path cache = root.resolve("server.aot");
            train(jvm(jars, "-XX:AOTCacheOutput=" + cache), root.resolve("training"));
            if (Files.isRegularFile(cache) && Files.size(cache) > 0) {
                return jvm(jars, "-XX:AOTCache=" + cache);
            }
            System.err.println("the training server wrote no AOT cache; test servers start without one");
        } catch (IOException | RuntimeException e) {
            System.err.println("no AOT cache for test servers, they start without one: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return jvm(classpath);
    }

    /** The classpath with each directory replaced by a jar of its contents, in the same order. */
    private static String packDirectories(String classpath, Path into) throws IOException {
        Files.createDirectories(into);
        List<String> entries = new ArrayList<>();
        String[] parts = classpath.split(java.io.File.pathSeparator);
        for (int i = 0; i < parts.length; i++) {
            Path entry = Path.of(parts[i]);
            if (!Files.isDirectory(entry)) {
                entries.add(parts[i]);
                continue;
            }
            Path jar = into.resolve(i + "-" + entry.getFileName() + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(entry)) {
                out.setLevel(Deflater.BEST_SPEED);
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(entry.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Runs a server through what most tests ask of one, then stops it so that it writes the cache. */
    private static void train(List<String> jvm, Path dir) throws IOException, InterruptedException {
        AtollProcess server = AtollProcess.startWith(dir.resolve("storage"), jvm);
        try {
            RestClient c = server.client();
            c.put("/collections/training", Map.of("vectors", Map.of("size", 4, "distance", "Cosine")));
            c.put("/collections/training/index", Map.of("field_name", "n", "field_schema", "integer"));
            List<Map<String, Object>> points = IntStream.range(1, 201).mapToObj(i -> Map.<String, Object>of("id", i,
                    "vector", List.of(i % 7 + 1, i % 5, i % 3, 1), "payload", Map.of("n", i, "s", "v" + i % 4)))
                    .toList();
            c.put("/collections/training/points?wait=true", Map.of("points", points));
            Map<String, Object> filter = Map.of("must", List.of(Map.of("key", "n", "range", Map.of("gte", 50))));
            c.post("/collections/training/points/search", Map.of("vector", List.of(1, 2, 3, 4), "limit", 5,
                    "filter", filter, "with_payload", true));
            c.post("/collections/training/points/query", Map.of("query", List.of(1, 2, 3, 4), "limit", 5));
            c.post("/collections/training/points/scroll", Map.of("limit", 10, "filter", filter));
            c.post("/collections/training/points/count", Map.of("exact", true));
            c.post("/collections/training/points/delete?wait=true", Map.of("points", List.of(1, 2)));
            c.get("/collections/training");
            c.delete("/collections/training");
        } finally {
            server.stop();
        }
    }
}
