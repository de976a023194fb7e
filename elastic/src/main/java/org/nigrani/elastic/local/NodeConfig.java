package org.nigrani.elastic.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Writes an instance's config folder (the distribution's, with our elasticsearch.yml) and its launch environment. */
final class NodeConfig {

    static final String CLUSTER_NAME = "nigrani-local";
    /** The distribution has no bundled JDK; this is where Debian's openjdk-17 lives. */
    static final Path FALLBACK_JAVA_HOME = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    private NodeConfig() {
    }

    /**
     * Refreshes the config folder from the distribution and writes elasticsearch.yml; the keystore Elasticsearch
     * creates there on first start is kept.
     */
    static void write(InstanceLayout layout, int httpPort, int transportPort) throws IOException {
        Path source = layout.home().resolve("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = layout.confDir().resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(layout.confDir().resolve("elasticsearch.yml"),
                elasticsearchYml(layout, httpPort, transportPort), StandardCharsets.UTF_8);
    }

    /**
     * Only settings this minimal distribution knows (modules transport-netty4, x-pack-core, x-pack-security, apm):
     * Elasticsearch refuses to start on an unknown one.
     */
    static String elasticsearchYml(InstanceLayout layout, int httpPort, int transportPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", CLUSTER_NAME);
        settings.put("node.name", "nigrani-" + layout.dataDir().getFileName());
        settings.put("discovery.type", "single-node");
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("transport.port", Integer.toString(transportPort));
        settings.put("path.data", quoted(layout.dataDir().toString()));
        settings.put("path.logs", quoted(layout.logsDir().toString()));
        // A local, loopback-only node for development and tests: no TLS, no passwords.
        settings.put("xpack.security.enabled", "false");
        // Developer disks are often nearly full; the watermarks would turn indices read-only mid-test.
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        // Lets tests clean up with a wildcard DELETE.
        settings.put("action.destructive_requires_name", "false");

        StringBuilder yml = new StringBuilder("# Written by LocalElasticsearch on every start: edits here are lost.\n");
        settings.forEach((key, value) -> yml.append(key).append(": ").append(value).append('\n'));
        return yml.toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The variables bin/elasticsearch reads. */
    static Map<String, String> environment(InstanceLayout layout, String heap, Path javaHome) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", javaHome.toString());
        env.put("ES_PATH_CONF", layout.confDir().toString());
        env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        return env;
    }

    /** This JVM's home if it is a full JDK 17 (as Debian's is), else Debian's openjdk-17. */
    static Path javaHome() {
        Path running = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == 17 && Files.isExecutable(running.resolve("bin/java"))
                && Files.isExecutable(running.resolve("bin/javac"))) {
            return running;
        }
        if (Files.isExecutable(FALLBACK_JAVA_HOME.resolve("bin/java"))) {
            return FALLBACK_JAVA_HOME;
        }
        throw new LocalElasticsearchException("Elasticsearch needs a JDK 17 and this distribution has none bundled: "
                + "this JVM (" + running + ", Java " + Runtime.version() + ") is not a full JDK 17 and there is none at "
                + FALLBACK_JAVA_HOME + ". Install openjdk-17-jdk-headless or run with a JDK 17.");
    }
}
