package org.nigrani.elastic.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link LocalElasticsearch} runs a single-node Elasticsearch for this project.
 *
 * @param projectRoot  the folder holding the parent pom.xml; the distribution zip is looked up under its {@code .local/dist}
 * @param dataDir      Elasticsearch's {@code path.data}; its config and logs go into sibling folders {@code <name>.conf}
 *                     and {@code <name>.logs}, so instances with different data dirs can run side by side
 * @param httpPort     1..65535, or {@link #PICK_FREE_PORT} to pick a free port at start
 * @param heap         JVM heap size like {@code 512m} or {@code 1g}, used for both -Xms and -Xmx
 * @param startTimeout how long to wait for the cluster to turn at least yellow
 * @param reuseRunning whether {@link LocalElasticsearch#start} may use an Elasticsearch it launched earlier for the same
 *                     data dir that is still running and healthy on {@code httpPort}, instead of failing
 */
public record LocalElasticsearchSettings(
        Path projectRoot, Path dataDir, int httpPort, String heap, Duration startTimeout, boolean reuseRunning) {

    public static final int DEFAULT_HTTP_PORT = 9200;
    public static final int PICK_FREE_PORT = 0;
    public static final String DEFAULT_HEAP = "512m";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    public static final boolean DEFAULT_REUSE_RUNNING = false;
    /** Relative to the project root; git-ignored like the rest of {@code .local}. */
    public static final String DEFAULT_DATA_DIR = ".local/es-data";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[mMgG]");

    public LocalElasticsearchSettings {
        Objects.requireNonNull(projectRoot, "projectRoot must not be null: pass the folder holding the parent pom.xml");
        Objects.requireNonNull(dataDir, "dataDir must not be null");
        Objects.requireNonNull(heap, "heap must not be null: use a JVM size like 512m or 1g");
        Objects.requireNonNull(startTimeout, "startTimeout must not be null");
        // Absolute, normalised paths: they end up in elasticsearch.yml and in the hash that names a relocated folder.
        projectRoot = projectRoot.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "httpPort must be 1..65535, or 0 to pick a free port, was " + httpPort);
        }
        if (!HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException(
                    "heap must be a JVM size: digits followed by m or g, like 512m or 1g, was '" + heap + "'");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
        if (dataDir.equals(projectRoot) || dataDir.getParent() == null) {
            throw new IllegalArgumentException(
                    "dataDir must be a folder of its own below a parent folder, was " + dataDir);
        }
    }

    /** Settings without reuse of a running instance. */
    public LocalElasticsearchSettings(Path projectRoot, Path dataDir, int httpPort, String heap, Duration startTimeout) {
        this(projectRoot, dataDir, httpPort, heap, startTimeout, DEFAULT_REUSE_RUNNING);
    }

    /** The defaults: port 9200, heap 512m, 120 s to start, data in {@code <root>/.local/es-data}. */
    public static LocalElasticsearchSettings forProject(Path projectRoot) {
        Objects.requireNonNull(projectRoot, "projectRoot must not be null: pass the folder holding the parent pom.xml");
        return new LocalElasticsearchSettings(projectRoot, projectRoot.resolve(DEFAULT_DATA_DIR), DEFAULT_HTTP_PORT,
                DEFAULT_HEAP, DEFAULT_START_TIMEOUT, DEFAULT_REUSE_RUNNING);
    }

    public LocalElasticsearchSettings withDataDir(Path newDataDir) {
        return new LocalElasticsearchSettings(projectRoot, newDataDir, httpPort, heap, startTimeout, reuseRunning);
    }

    public LocalElasticsearchSettings withHttpPort(int newHttpPort) {
        return new LocalElasticsearchSettings(projectRoot, dataDir, newHttpPort, heap, startTimeout, reuseRunning);
    }

    public LocalElasticsearchSettings withHeap(String newHeap) {
        return new LocalElasticsearchSettings(projectRoot, dataDir, httpPort, newHeap, startTimeout, reuseRunning);
    }

    public LocalElasticsearchSettings withStartTimeout(Duration newStartTimeout) {
        return new LocalElasticsearchSettings(projectRoot, dataDir, httpPort, heap, newStartTimeout, reuseRunning);
    }

    public LocalElasticsearchSettings withReuseRunning(boolean newReuseRunning) {
        return new LocalElasticsearchSettings(projectRoot, dataDir, httpPort, heap, startTimeout, newReuseRunning);
    }
}
