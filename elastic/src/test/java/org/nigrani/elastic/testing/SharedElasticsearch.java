package org.nigrani.elastic.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nigrani.elastic.local.LocalElasticsearch;
import org.nigrani.elastic.local.LocalElasticsearchSettings;

/**
 * JUnit 5 extension that gives every test class in a JVM one throwaway Elasticsearch, started on first use on a free
 * port with a fresh data dir under {@code .local/test-es}, and stopped (and its folder deleted) when the JVM exits.
 *
 * <p>Use with {@code @ExtendWith(SharedElasticsearch.class)}, then {@link #restClient()} or {@link #url()}; clean up
 * between tests with {@link TestIndices#deleteAll}.
 */
public final class SharedElasticsearch implements BeforeAllCallback {

    public static final String HEAP = "512m";

    private static LocalElasticsearch instance;
    private static RestClient restClient;
    private static RuntimeException startFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        started();
    }

    public static URI url() {
        return started().url();
    }

    public static LocalElasticsearch instance() {
        return started();
    }

    /** A client for the shared instance; do not close it, the shutdown hook does. */
    public static synchronized RestClient restClient() {
        started();
        return restClient;
    }

    private static synchronized LocalElasticsearch started() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            // Starting takes up to two minutes: fail the remaining test classes at once instead of retrying.
            throw new IllegalStateException("The shared test Elasticsearch failed to start earlier in this JVM",
                    startFailure);
        }
        Path root = ProjectRoot.find();
        Path workDir = root.resolve(".local").resolve("test-es").resolve(UUID.randomUUID().toString());
        try {
            LocalElasticsearch started = LocalElasticsearch.start(LocalElasticsearchSettings.forProject(root)
                    .withDataDir(workDir.resolve("data"))
                    .withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT)
                    .withHeap(HEAP));
            restClient = RestClient.builder(new HttpHost("127.0.0.1", started.port(), "http")).build();
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> shutDown(started, workDir), "shared-test-elasticsearch-stop"));
            instance = started;
            return started;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    private static void shutDown(LocalElasticsearch elasticsearch, Path workDir) {
        try {
            restClient.close();
        } catch (IOException e) {
            System.err.println("Could not close the shared test Elasticsearch client: " + e);
        }
        try {
            elasticsearch.stop();
        } catch (RuntimeException e) {
            // The data must stay while a server may still write it; the folder is left for a look.
            System.err.println("Could not stop the shared test Elasticsearch, leaving " + workDir + ": " + e);
            return;
        }
        // Differs from workDir when the project folder was closed to the service user and ES ran from /var/tmp.
        deleteRecursively(elasticsearch.dataDir().getParent());
        deleteRecursively(workDir);
    }

    private static void deleteRecursively(Path folder) {
        try {
            LocalElasticsearch.deleteFolder(folder);
        } catch (IOException e) {
            System.err.println("Could not delete the test Elasticsearch folder " + folder + ": " + e);
        }
    }
}
