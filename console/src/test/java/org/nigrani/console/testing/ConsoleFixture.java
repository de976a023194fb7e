package org.nigrani.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.elasticsearch.client.RestClient;
import org.nigrani.console.ConsoleApp;
import org.nigrani.console.ConsoleSettings;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.SchemaInstaller;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;

/**
 * A console on any free port over the shared test Elasticsearch, with fresh indices and three accounts:
 * {@code ivan} (investigator), {@code sara} (supervisor), {@code adam} (admin), all with {@link #PASSWORD}; evidence
 * comes from a local store in a folder of the test's.
 */
public final class ConsoleFixture implements AutoCloseable {

    public static final String PASSWORD = "correct horse battery";

    private final ConsoleApp app;
    private final RestClient client;
    private final LocalEvidenceStore evidence;
    private Path ownFolder;

    private ConsoleFixture(ConsoleApp app, RestClient client, LocalEvidenceStore evidence) {
        this.app = app;
        this.client = client;
        this.evidence = evidence;
    }

    /** With an empty evidence store in a folder of its own, and no TSA trust anchors. */
    public static ConsoleFixture start() {
        try {
            Path folder = Files.createTempDirectory("nigrani-evidence");
            ConsoleFixture fixture = start(new LocalEvidenceStore(folder), List.of());
            fixture.ownFolder = folder;
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ConsoleFixture start(LocalEvidenceStore evidence, List<X509Certificate> tsaTrustAnchors) {
        RestClient client = SharedElasticsearch.restClient();
        try {
            TestIndices.deleteAll(client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new SchemaInstaller(client, 0, "1s").install();
        Users users = new Users(new Es(client));
        users.add("ivan", PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of(), "test");
        users.add("sara", PASSWORD.toCharArray(), Role.SUPERVISOR, Set.of(), "test");
        users.add("adam", PASSWORD.toCharArray(), Role.ADMIN, Set.of(), "test");
        return new ConsoleFixture(ConsoleApp.start(ConsoleSettings.defaults().withPort(0)
                .withStations(ProjectRoot.find().resolve("config/stations.yaml")), client, evidence, tsaTrustAnchors), client, evidence);
    }

    /** The store the console serves evidence from. */
    public LocalEvidenceStore evidence() {
        return evidence;
    }

    /** The running console (its routes, say). */
    public ConsoleApp app() {
        return app;
    }

    public String url() {
        return app.url();
    }

    public RestClient elasticsearch() {
        return client;
    }

    public Es es() {
        return new Es(client);
    }

    @Override
    public void close() {
        app.close();
        if (ownFolder != null) {
            deleteFolder(ownFolder);
        }
    }

    /** Deletes a folder and everything in it (the store's read-only files too). */
    public static void deleteFolder(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
