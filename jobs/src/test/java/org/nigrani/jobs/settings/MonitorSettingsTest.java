package org.nigrani.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.jobs.alert.AlertSettings;

class MonitorSettingsTest {

    @TempDir
    Path dir;

    private MonitorSettings load(String yaml) throws Exception {
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, yaml);
        return MonitorSettings.load(file, dir);
    }

    private void assertRejected(String yaml, String... mentioned) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith(dir.resolve("monitor.yaml").toString())
                .hasMessageContainingAll(mentioned);
    }

    @Test
    void theShippedConfigurationLoads() {
        Path root = ProjectRoot.find();
        MonitorSettings s = MonitorSettings.load(root.resolve("config/monitor.yaml"), root);
        assertThat(s.source().path()).isEqualTo(root.resolve("samples/posts.jsonl"));
        assertThat(s.elasticsearch().embedded()).isTrue();
        assertThat(s.job().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.classifier().threshold()).isEqualTo(0.5);
    }

    @Test
    void theShippedConfigurationEnablesAlertsToTheOutboxFolder() {
        Path root = ProjectRoot.find();
        AlertSettings a = MonitorSettings.load(root.resolve("config/monitor.yaml"), root).alert();
        assertThat(a.enabled()).isTrue();
        assertThat(a.smtp()).as("no smtp.host: .eml files").isNull();
        assertThat(a.outboxDir()).isEqualTo(root.resolve(".local/outbox").toString());
        assertThat(a.webhookUrlEnv()).isNull();
        assertThat(a.policy().threshold()).isEqualTo(60);
        assertThat(a.policy().quietFrom()).isEqualTo(LocalTime.of(22, 0));
        assertThat(a.policy().quietTo()).isEqualTo(LocalTime.of(7, 0));
        assertThat(a.policy().zone()).isEqualTo(ZoneId.of("Asia/Karachi"));
        assertThat(a.policy().digestAt()).isEqualTo(LocalTime.of(8, 0));
        assertThat(a.internalAffairs().email()).isEqualTo("internal-affairs@example.org");
        assertThat(a.email().quote()).isEqualTo("excerpt");
    }

    @Test
    void readsTheConsoleSection() throws Exception {
        MonitorSettings s = load("""
                enrich:
                  stations: my-stations.yaml
                console:
                  host: 0.0.0.0
                  port: 8081
                  session-idle: 2h
                  max-failed-logins: 3
                  lockout: 5m
                  secure-cookies: false
                """);
        assertThat(s.console().host()).isEqualTo("0.0.0.0");
        assertThat(s.console().port()).isEqualTo(8081);
        assertThat(s.console().sessionIdle()).isEqualTo(Duration.ofHours(2));
        assertThat(s.console().maxFailedLogins()).isEqualTo(3);
        assertThat(s.console().lockout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.console().secureCookies()).isFalse();
        assertThat(s.console().stations()).isEqualTo(dir.resolve("my-stations.yaml"));
        assertThat(load("{}").console().port()).isEqualTo(7070);
        assertRejected("console:\n  port: 70000\n", "console.port");
        assertRejected("console:\n  session-idle: 10s\n", "console.session-idle");
        assertRejected("console:\n  prot: 80\n", "console.prot");
    }

    @Test
    void readsTheAlertSection() throws Exception {
        AlertSettings a = load("""
                alert:
                  enabled: false
                  quiet-hours: 23:30 - 06:15
                  zone: Asia/Kolkata
                  always-band: P2
                  smtp:
                    host: smtp.example.org
                    port: 465
                    starttls: false
                """).alert();
        assertThat(a.enabled()).isFalse();
        assertThat(a.policy().quietFrom()).isEqualTo(LocalTime.of(23, 30));
        assertThat(a.policy().quietTo()).isEqualTo(LocalTime.of(6, 15));
        assertThat(a.policy().zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(a.policy().alwaysBand()).isEqualTo("P2");
        assertThat(a.smtp().host()).isEqualTo("smtp.example.org");
        assertThat(a.smtp().port()).isEqualTo(465);
        assertThat(a.smtp().startTls()).isFalse();
    }

    @Test
    void namesWhatIsWrongWithTheAlertSettings() {
        assertRejected("alert:\n  quiet-hours: 22-7\n", "alert.quiet-hours", "'22-7'");
        assertRejected("alert:\n  quiet-hours: 22:00\n", "alert.quiet-hours", "'22:00'");
        assertRejected("alert:\n  zone: Mars/Olympus\n", "alert.zone", "'Mars/Olympus'");
        assertRejected("alert:\n  internal-affairs:\n    email: \"x\\r\\nBcc: y@z\"\n", "alert.internal-affairs.email");
        assertRejected("alert:\n  internal-affairs:\n    email: Desk <ia@example.org>\n", "alert.internal-affairs.email");
        assertRejected("alert:\n  smtp:\n    hots: smtp.example.org\n", "unknown key alert.smtp.hots", "alert.smtp.host");
        assertRejected("alert:\n  smtp:\n    starttls: maybe\n", "alert.smtp.starttls", "true or false", "'maybe'");
        assertRejected("alert:\n  enabled: \"yes please\"\n", "alert.enabled", "true or false");
        assertRejected("alert:\n  digest-at: morning\n", "alert.digest-at", "'morning'");
        assertRejected("alert:\n  always-band: P5\n", "alert.always-band", "[P1, P2, P3, P4]");
        assertRejected("alert:\n  threshold: 101\n", "alert threshold", "101");
        assertRejected("alert:\n  webhook:\n    url-env: https://hooks.example.org/secret\n", "alert.webhook.url-env");
    }

    @Test
    void readsTheEvidenceSection() throws Exception {
        org.nigrani.evidence.EvidenceSettings e = load("""
                evidence:
                  capture: false
                  store: /srv/evidence
                  tsa-url: https://tsa.example.org/tsr
                  tsa-timeout: 3s
                  hosts:
                    x: [video.twimg.com, "*.twimg.com"]
                    tiktok: [v16-webapp.tiktok.com]
                  content-types: [video/mp4]
                  max-bytes: 50mb
                  deadline: 30s
                  attempts: 2
                  workers: 8
                  queue: 0
                """).evidence();
        org.nigrani.evidence.CaptureSettings c = e.capture();
        assertThat(e.store()).isEqualTo("/srv/evidence");
        assertThat(c.enabled()).isFalse();
        assertThat(c.tsa()).hasToString("https://tsa.example.org/tsr");
        assertThat(c.tsaTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.fetch().hostAllowed("x", "pbs.twimg.com")).isTrue();
        assertThat(c.fetch().hostAllowed("tiktok", "v16-webapp.tiktok.com")).isTrue();
        assertThat(c.fetch().hostAllowed("tiktok", "video.twimg.com")).isFalse();
        assertThat(c.fetch().allowedContentTypes()).containsExactly("video/mp4");
        assertThat(c.fetch().maxBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(c.fetch().deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fetch().attempts()).isEqualTo(2);
        assertThat(c.workers()).isEqualTo(8);
        assertThat(c.queue()).isZero();
        assertThat(load("").evidence().capture()).isEqualTo(org.nigrani.evidence.CaptureSettings.DEFAULT);
    }

    @Test
    void readsTheEvidenceStoreInABucketAndTheRetentionRules() throws Exception {
        org.nigrani.evidence.EvidenceSettings e = load("""
                evidence:
                  store-type: s3
                  s3:
                    endpoint: https://minio.example.org:9000
                    bucket: ia-evidence
                    prefix: karachi
                  retention:
                    dismissed: 7d
                    new: 0
                """).evidence();
        assertThat(e.s3().endpoint()).hasToString("https://minio.example.org:9000");
        assertThat(e.s3().bucket()).isEqualTo("ia-evidence");
        assertThat(e.s3().prefix()).isEqualTo("karachi/");
        assertThat(e.s3().accessKeyEnv()).isEqualTo("NIGRANI_S3_ACCESS_KEY");
        assertThat(e.describeStore()).isEqualTo("s3://ia-evidence/karachi/ at https://minio.example.org:9000");
        assertThat(e.retention().keepFor("dismissed")).isEqualTo(Duration.ofDays(7));
        assertThat(e.retention().keepFor("new")).isEqualTo(Duration.ZERO);
        assertThat(e.retention().keepFor("closed")).isEqualTo(Duration.ofDays(1825));
        assertThat(load("").evidence().s3()).isNull();
        assertRejected("evidence:\n  store-type: s3\n", "evidence.s3.endpoint", "required");
        assertRejected("evidence:\n  store-type: s3\n  s3:\n    endpoint: https://s3.example.org\n    bucket: No_Such\n",
                "evidence.s3.bucket");
        assertRejected("evidence:\n  store-type: ftp\n", "evidence.store-type", "[local, s3]");
        assertRejected("evidence:\n  retention:\n    forgotten: 1d\n", "evidence.retention.forgotten");
        assertRejected("evidence:\n  retention:\n    dismissed: soon\n", "evidence.retention.dismissed", "'soon'");
    }

    @Test
    void namesWhatIsWrongWithTheEvidenceSettings() {
        assertRejected("evidence:\n  hosts:\n    x: [\"video.twimg.com/path\"]\n", "evidence.hosts", "video.twimg.com/path");
        assertRejected("evidence:\n  hosts: [video.twimg.com]\n", "evidence.hosts", "mapping");
        assertRejected("evidence:\n  content-types: [video]\n", "evidence.content-types", "'video'");
        assertRejected("evidence:\n  max-bytes: lots\n", "evidence.max-bytes", "'lots'");
        assertRejected("evidence:\n  attempts: 0\n", "evidence.attempts", "0");
        assertRejected("evidence:\n  tsa-url: ftp://tsa.example.org\n", "evidence.tsa-url", "ftp://tsa.example.org");
        assertRejected("evidence:\n  workers: 0\n", "evidence.workers");
        assertRejected("evidence:\n  capture: sometimes\n", "evidence.capture", "true or false");
    }

    @Test
    void theShippedXQueriesLoadWhenXIsTheSource() throws Exception {
        Path root = ProjectRoot.find();
        String shipped = Files.readString(root.resolve("config/monitor.yaml")).replace("type: file ", "type: x-search ");
        MonitorSettings s = load(shipped);
        assertThat(s.source().fromX()).isTrue();
        assertThat(s.source().watching()).isTrue();
        assertThat(s.x().bearerTokenEnv()).isEqualTo("NIGRANI_X_BEARER_TOKEN");
        assertThat(s.x().queries()).extracting(org.nigrani.jobs.source.x.XQuery::id)
                .containsExactly("misconduct-en", "misconduct-ur", "misconduct-roman-urdu", "hashtags");
        assertThat(s.x().queries()).allSatisfy(q -> assertThat(q.query()).hasSizeLessThanOrEqualTo(512));
        assertThat(s.x().reachRefresh()).containsExactly(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6),
                Duration.ofHours(24));
        assertThat(load("x:\n  queries: [{id: a, query: police}]\n").x()).as("not built unless X is the source").isNull();
    }

    @Test
    void namesWhatIsWrongWithTheXSettings() {
        String x = "source:\n  type: x-search\nx:\n";
        assertRejected(x, "x.queries must list at least one query");
        assertRejected(x + "  queries: [{id: a, query: police}, {id: a, query: thana}]\n", "id 'a' is used twice");
        assertRejected(x + "  queries: [{id: a, query: police, lang: en}]\n", "x.queries[0]", "unknown key 'lang'");
        assertRejected(x + "  queries: [{id: a}]\n", "x.queries[0].query", "required");
        assertRejected(x + "  queries: [{id: A B, query: police}]\n", "query id");
        assertRejected(x + "  poll-interval: 1s\n  queries: [{id: a, query: police}]\n", "x.poll-interval must be at least 2s");
        assertRejected(x + "  bearer-token-env: my token\n  queries: [{id: a, query: police}]\n", "x.bearer-token-env");
        assertRejected(x + "  reach-refresh: [10s]\n  queries: [{id: a, query: police}]\n", "x.reach-refresh", "a minute or more");
        assertRejected(x + "  reach-refresh: [soon]\n  queries: [{id: a, query: police}]\n", "x.reach-refresh", "'soon'");
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        MonitorSettings s = load("");
        assertThat(s.index().maxBatchActions()).isEqualTo(1000);
        assertThat(s.index().maxBatchBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(s.source().maxTextChars()).isEqualTo(10_000);
        assertThat(s.source().path()).isEqualTo(dir.resolve("samples/posts.jsonl"));
    }

    @Test
    void readsUnitsAndExternalClusters() throws Exception {
        MonitorSettings s = load("""
                elasticsearch:
                  mode: external
                  hosts: [https://es1.example.org:9200, https://es2.example.org:9200]
                  api-key-env: MY_KEY
                index:
                  bulk-max-bytes: 512kb
                  flush-interval: 500ms
                """);
        assertThat(s.elasticsearch().externalConnection().hosts()).hasSize(2);
        assertThat(s.elasticsearch().externalConnection().apiKeyEnv()).isEqualTo("MY_KEY");
        assertThat(s.index().maxBatchBytes()).isEqualTo(512 * 1024);
        assertThat(s.index().flushInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void namesTheFileTheKeyAndWhatIsAllowed() {
        assertRejected("index:\n  flush-interval: fast\n", "index.flush-interval", "500ms", "'fast'");
        assertRejected("classifier:\n  threshold: 1.5\n", "classifier.threshold", "between 0 and 1");
        assertRejected("source:\n  type: kafka\n", "source.type", "[file, folder, x-search, x-stream]");
        assertRejected("elasticsearch:\n  mode: external\n", "elasticsearch.hosts is required");
        assertRejected("elasticsearch:\n  mode: external\n  hosts: [ftp://x]\n", "elasticsearch.hosts", "http://");
        assertRejected("elasticsearch:\n  embedded:\n    heap: lots\n", "elasticsearch.embedded.heap");
        assertRejected("job:\n  parallelism: 0\n", "job.parallelism");
        assertRejected("index:\n  bulk-max-actions: many\n", "index.bulk-max-actions", "whole number");
        assertRejected("index:\n  max-buffered: 10\n", "index.max-buffered", "index.bulk-max-actions");
    }

    @Test
    void rejectsUnknownAndMisspeltKeys() {
        assertRejected("index:\n  bulk-max-action: 10\n", "unknown key index.bulk-max-action", "index.bulk-max-actions");
        assertRejected("sinks: {}\n", "unknown key sinks");
    }

    @Test
    void rejectsYamlThatIsNotAMapping() {
        assertRejected("- a\n- b\n", "top level must be a mapping");
        assertRejected("index: [\n", "not valid YAML");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> MonitorSettings.load(dir.resolve("nope.yaml"), dir))
                .hasMessageContaining("nope.yaml").hasMessageContaining("not found");
    }

    /** Every key the loader reads has a row in README's configuration table, and every row is a real key. */
    @Test
    void everyKeyIsDocumentedInTheReadme() throws Exception {
        SettingsReader reader = new SettingsReader("test", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), dir);
        MonitorSettings.read(reader);
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9._-]+)` \\|").matcher(Files.readString(ProjectRoot.find().resolve("README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(reader.knownKeys());
    }
}
