package org.nigrani.elastic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.elastic.testing.ProjectRoot;

/** Starts, stops, restarts and kills a real Elasticsearch through the launcher, as root through runuser here. */
class LocalElasticsearchITCase {

    private static final Path ROOT = ProjectRoot.find();
    /** The watchdog notices within 1 s, sends SIGTERM and escalates to SIGKILL after 25 s. */
    private static final Duration GONE_AFTER_CALLER_KILLED = Duration.ofSeconds(40);

    private Path workDir;
    private LocalElasticsearchSettings settings;

    @BeforeEach
    void freshFolder() {
        workDir = ROOT.resolve(".local/test-es/itcase-" + UUID.randomUUID());
        settings = LocalElasticsearchSettings.forProject(ROOT)
                .withDataDir(workDir.resolve("data"))
                .withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT);
    }

    @AfterEach
    void removeFolder() throws IOException {
        Distribution.deleteRecursively(workDir);
        Distribution.deleteRecursively(InstanceLayout.relocated(settings).dataDir().getParent());
    }

    @Test
    void startsStopsAndStartsAgainOnTheSameDataAndPort() throws IOException {
        try (LocalElasticsearch elasticsearch = LocalElasticsearch.start(settings);
             RestClient client = clientFor(elasticsearch)) {
            int port = elasticsearch.port();
            long firstPid = elasticsearch.pid();
            assertThat(elasticsearch.isRunning()).isTrue();
            assertThat(elasticsearch.url()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(get(client, "/_cluster/health")).contains("\"cluster_name\":\"nigrani-local\"")
                    .containsPattern("\"status\":\"(green|yellow)\"");

            Request index = new Request("PUT", "/launcher-test/_doc/1");
            index.addParameter("refresh", "true");
            index.setJsonEntity("{\"text\":\"thana report\"}");
            assertThat(client.performRequest(index).getStatusLine().getStatusCode()).isEqualTo(201);
            assertThat(get(client, "/launcher-test/_doc/1")).contains("\"text\":\"thana report\"");

            assertThatThrownBy(() -> LocalElasticsearch.start(settings.withHttpPort(port)))
                    .isInstanceOf(LocalElasticsearchException.class)
                    .hasMessageContaining("still running (pid " + firstPid + ")")
                    .hasMessageContaining("reuseRunning");
            try (LocalElasticsearch reused = LocalElasticsearch.start(settings.withHttpPort(port)
                    .withReuseRunning(true))) {
                assertThat(reused.pid()).isEqualTo(firstPid);
                assertThat(reused.url()).isEqualTo(elasticsearch.url());
            }
            assertThat(elasticsearch.isRunning()).as("closing the reusing launcher leaves the server up").isTrue();

            elasticsearch.stop();
            assertThat(elasticsearch.isRunning()).isFalse();
            assertThat(ElasticsearchProcess.isRunning(firstPid)).as("process gone").isFalse();
            assertThat(Ports.isFree(port)).as("port closed").isTrue();
            elasticsearch.stop();

            elasticsearch.startAgain();
            assertThat(elasticsearch.port()).isEqualTo(port);
            assertThat(elasticsearch.pid()).isNotEqualTo(firstPid);
            assertThat(get(client, "/launcher-test/_doc/1")).contains("\"text\":\"thana report\"");
        }
    }

    @Test
    void refusesAPortTakenByAnotherProcess() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalElasticsearch.start(settings.withHttpPort(port)))
                    .isInstanceOf(LocalElasticsearchException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void stopsElasticsearchWhenTheCallerIsKilledWithSigkill() throws Exception {
        Files.createDirectories(workDir);
        Process caller = new ProcessBuilder(javaCommand(workDir.resolve("data")))
                .redirectError(workDir.resolve("caller.err").toFile())
                .start();
        long serverPid = -1;
        try {
            String[] ready = readyLine(caller).get(3, TimeUnit.MINUTES).split(" ");
            int port = Integer.parseInt(ready[1]);
            serverPid = Long.parseLong(ready[2]);
            assertThat(ElasticsearchProcess.isRunning(serverPid)).isTrue();

            long killedAt = System.nanoTime();
            caller.destroyForcibly();
            assertThat(caller.waitFor(10, TimeUnit.SECONDS)).as("caller killed").isTrue();

            assertThat(awaitGone(serverPid, GONE_AFTER_CALLER_KILLED))
                    .as("Elasticsearch (pid %d) gone within %s of its caller's SIGKILL", serverPid,
                            GONE_AFTER_CALLER_KILLED).isTrue();
            System.out.printf("Elasticsearch (pid %d) was gone %d ms after its caller got SIGKILL%n", serverPid,
                    (System.nanoTime() - killedAt) / 1_000_000);
            assertThat(Ports.isFree(port)).as("port closed").isTrue();
        } finally {
            caller.destroyForcibly();
            if (serverPid > 0) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static List<String> javaCommand(Path dataDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Failsafe hides the real class path in a manifest-only jar and names it in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-D" + ProjectRoot.PROPERTY + "=" + ROOT, "-cp", classPath,
                KilledCallerMain.class.getName(), dataDir.toString());
    }

    /** Reads the caller's output to the end, so its logging never blocks on a full pipe. */
    private static CompletableFuture<String> readyLine(Process caller) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(KilledCallerMain.READY + " ")) {
                        ready.complete(line);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("The caller JVM ended without starting "
                        + "Elasticsearch; see caller.err in the test folder"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "caller-output");
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ElasticsearchProcess.isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private static RestClient clientFor(LocalElasticsearch elasticsearch) {
        return RestClient.builder(new HttpHost("127.0.0.1", elasticsearch.port(), "http")).build();
    }

    private static String get(RestClient client, String path) throws IOException {
        Response response = client.performRequest(new Request("GET", path));
        return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    }
}
