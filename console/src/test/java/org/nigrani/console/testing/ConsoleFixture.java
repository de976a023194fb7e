package org.nigrani.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
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

    private ConsoleFixture(ConsoleApp app, RestClient client, LocalEvidenceStore evidence) {
        this.app = app;
        this.client = client;
        this.evidence = evidence;
    }

    /** With an empty evidence store in a folder of its own, and no TSA trust anchors. */
    public static ConsoleFixture start() {
        try {
            return start(new LocalEvidenceStore(Files.createTempDirectory("nigrani-evidence")), List.of());
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
    }
}
