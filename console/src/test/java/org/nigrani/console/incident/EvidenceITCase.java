package org.nigrani.console.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.testing.JobDocuments.custodyEvent;
import static org.nigrani.console.testing.JobDocuments.evidenceItem;
import static org.nigrani.console.testing.JobDocuments.incidentDoc;
import static org.nigrani.console.testing.JobDocuments.index;
import static org.nigrani.console.testing.JobDocuments.postDoc;
import static org.nigrani.console.testing.JobDocuments.station;
import static org.nigrani.console.testing.JobDocuments.withEvidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.TimestampVerdict;
import org.nigrani.evidence.Timestamps;
import org.nigrani.evidence.testing.TestTsa;

/**
 * Evidence in the console against the real Elasticsearch, a real local evidence store in a temporary folder and tokens
 * from a local test TSA: items listed on the incident page, one item served in an incident's context, and the case
 * bundle checked the way its README tells an outsider to check it.
 */
@ExtendWith(SharedElasticsearch.class)
class EvidenceITCase {

    static final String EV = "inc-evidence-aaaaaaaaaa";
    static final String OTHER = "inc-evidence-bbbbbbbbbb";
    static final String SUPER_HIGHWAY = "khi-site-super-highway";
    static final ObjectNode SITE = station(SUPER_HIGHWAY, "SITE Super Highway", "Karachi");
    static final ObjectNode HATRI = station("hyd-hatri", "Hatri", "Hyderabad");
    static final String T = "2024-03-0";
    static final String HOSTILE_REASON = "address: <script>window.__xss=1</script><b>127.0.0.1</b>";
    static final String HOSTILE_URL = "https://media.example.org/v\"><script>window.__xss=2</script>.mp4";

    static TestTsa tsa;
    static ConsoleFixture console;
    static LocalEvidenceStore store;
    static Es es;
    static Path folder;
    static byte[] video;
    static byte[] image;
    static byte[] snapshot;
    static byte[] html;
    static String videoSha;
    static String imageSha;
    static String snapshotSha;
    static String htmlSha;
    /** Stored, then deleted behind the job's back: still recorded as captured. */
    static String deletedSha;
    /** Recorded as removed by retention; never in the store here. */
    static String removedSha;
    /** In the store, recorded by a post of OTHER only. */
    static String otherSha;

    @BeforeAll
    static void start() throws Exception {
        tsa = TestTsa.selfSigned("Nigrani test TSA");
        folder = Files.createTempDirectory("nigrani-evidence-it");
        store = new LocalEvidenceStore(folder.resolve("store"));
        console = ConsoleFixture.start(store, List.of(tsa.certificate()));
        es = console.es();
        new Users(es).add("walt", ConsoleFixture.PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of(SUPER_HIGHWAY), "test");
        Timestamps timestamps = new Timestamps(tsa.url(), Duration.ofSeconds(10));

        video = random(300_000, 1);
        image = random(2_000, 2);
        snapshot = "{\"id\":\"501\",\"text\":\"<script>alert(1)</script>\",\"user\":{\"name\":\"witness_one\"}}".getBytes(StandardCharsets.UTF_8);
        html = "<html><script>window.__xss=3</script></html>".getBytes(StandardCharsets.UTF_8);
        videoSha = put(video, "video/mp4");
        imageSha = put(image, "image/png");
        snapshotSha = put(snapshot, "application/json");
        htmlSha = put(html, "text/html");
        deletedSha = put(random(1_000, 3), "image/jpeg");
        otherSha = put(random(1_000, 4), "image/jpeg");
        removedSha = sha256(random(1_000, 5));
        for (String sha : List.of(videoSha, snapshotSha, deletedSha)) {
            store.putToken(sha, timestamps.request(sha).token());
        }
        store.delete(deletedSha);

        index(es, incidentDoc(EV, "Evidence of a beating", List.of(SITE), "Karachi", "violence", List.of("en"), "new", null, 80, true,
                T + "2T12:00:00Z", 100));
        index(es, incidentDoc(OTHER, "Elsewhere", List.of(HATRI), "Hyderabad", "bribery", List.of("en"), "new", null, 50, false,
                T + "2T12:00:00Z", 10));
        index(es, withEvidence(post("x:501", EV, T + "1T10:00:00Z"),
                evidenceItem("video", "https://video.example.org/v/501.mp4", "captured", null, videoSha, (long) video.length,
                        "video/mp4", T + "1T10:00:05Z", T + "1T10:00:06Z"),
                evidenceItem("image", "https://img.example.org/501.png", "captured", null, imageSha, (long) image.length,
                        "image/png", T + "1T10:00:05Z", null),
                evidenceItem("snapshot", "https://x.com/witness_one/status/501", "captured", null, snapshotSha,
                        (long) snapshot.length, "application/json", T + "1T10:00:04Z", T + "1T10:00:06Z"),
                evidenceItem("image", "javascript:alert(1)", "refused", HOSTILE_REASON, null, null, null, T + "1T10:00:05Z", null),
                evidenceItem("video", HOSTILE_URL, "too_large", "too_large: over 200 MB", null, null, null, T + "1T10:00:05Z", null)));
        index(es, withEvidence(post("x:502", EV, T + "1T11:00:00Z"),
                evidenceItem("video", "https://video.example.org/v/502.mp4", "captured", null, videoSha, (long) video.length,
                        "video/mp4", T + "1T11:00:05Z", T + "1T10:00:06Z"),
                evidenceItem("image", "https://img.example.org/502.html", "captured", null, htmlSha, (long) html.length,
                        "text/html", T + "1T11:00:05Z", null),
                evidenceItem("image", "https://img.example.org/502.jpg", "captured", null, deletedSha, 1_000L, "image/jpeg",
                        T + "1T11:00:05Z", T + "1T11:00:06Z"),
                evidenceItem("image", "https://img.example.org/old.jpg", "removed", "retention: failed items kept 30 days",
                        removedSha, 1_000L, "image/jpeg", T + "1T11:00:05Z", null),
                evidenceItem("video", "https://video.example.org/gone.mp4", "failed", "http_404", null, null, null,
                        T + "1T11:00:05Z", null)));
        index(es, withEvidence(post("x:601", OTHER, T + "1T12:00:00Z"),
                evidenceItem("image", "https://img.example.org/601.jpg", "captured", null, otherSha, 1_000L, "image/jpeg",
                        T + "1T12:00:05Z", null),
                evidenceItem("video", "https://video.example.org/v/601.mp4", "captured", null, videoSha, (long) video.length,
                        "video/mp4", T + "1T12:00:05Z", T + "1T10:00:06Z")));
        custodyEvent(es, "captured", "job", videoSha, "x:501", EV, "video", T + "1T10:00:06Z");
        custodyEvent(es, "linked", "job", videoSha, "x:502", EV, "video", T + "1T11:00:06Z");
        // The same video reached through the other incident: in this incident's bundle, with that incident left out.
        custodyEvent(es, "linked", "job", videoSha, "x:601", OTHER, "video", T + "1T12:00:06Z");
        custodyEvent(es, "captured", "job", snapshotSha, "x:501", EV, "snapshot", T + "1T10:00:06Z");
        custodyEvent(es, "captured", "job", deletedSha, "x:502", EV, "image", T + "1T11:00:06Z");
        custodyEvent(es, "removed", "retention", removedSha, "x:502", EV, "image", T + "2T11:00:06Z");
        for (String index : List.of(Indices.INCIDENTS, Indices.FLAGGED_POSTS, Indices.EVIDENCE)) {
            es.refresh(index);
        }
    }

    @AfterAll
    static void stop() {
        console.close();
        tsa.close();
        ConsoleFixture.deleteFolder(folder);
    }

    // ---------------------------------------------------------------- the page

    @Test
    void thePageListsEveryItemWithStrangersValuesAsText() throws Exception {
        String page = login("ivan").get("/incidents/" + EV).body();
        assertThat(page.split("class=\"evidence-item", -1)).hasSize(11);
        assertThat(page).contains("captured", "refused", "too large", "failed", "removed", "(http_404)", "video/mp4", "293.0 KB")
                .contains("title=\"" + videoSha + "\">" + videoSha.substring(0, 12) + "…</code>")
                .contains("granted " + T + "1T10:00:06Z");
        // Captured items link to their view; nothing else does.
        assertThat(page).contains("href=\"/incidents/" + EV + "/evidence/" + videoSha + "\"")
                .contains("href=\"/incidents/" + EV + "/evidence/" + htmlSha + "\"")
                .doesNotContain("/evidence/" + removedSha + "\"");
        // A stranger's reason and URLs are text, and only http(s) becomes a link.
        assertThat(page).doesNotContain("<script>window.__xss").doesNotContain("<b>127")
                .contains("address: &lt;script&gt;window.__xss=1&lt;/script&gt;&lt;b&gt;127.0.0.1&lt;/b&gt;");
        assertThat(page).doesNotContain("href=\"javascript:").contains("<span class=\"url-text\">javascript:alert(1)</span>");
        assertThat(page).doesNotContain("href=\"" + HOSTILE_URL.substring(0, 30)).contains("&lt;script&gt;window.__xss=2");
        // The snapshot's source is the post's address, which names its author: hidden like the post's link.
        assertThat(page).doesNotContain("witness_one").contains("href=\"https://video.example.org/v/501.mp4\"");
        assertThat(page).contains("id=\"export-bundle\"").contains("href=\"/incidents/" + EV + "/export.zip\"");

        JsonNode api = Es.JSON.readTree(login("ivan").get("/api/incidents/" + EV).body());
        JsonNode items = api.at("/posts/items/1/evidence");
        assertThat(items).hasSize(5);
        assertThat(items.get(0).path("sha256").asText()).isEqualTo(videoSha);
        assertThat(items.get(2).path("sourceUrl").asText()).isEqualTo("hidden");
        assertThat(items.get(3).path("sourceHref").isNull()).isTrue();
        assertThat(items.get(3).path("reason").asText()).isEqualTo(HOSTILE_REASON);
    }

    // ---------------------------------------------------------------- one item

    @Test
    void anItemIsServedAsStoredWithNoChanceToRunAndLeavesACustodyEventAndAnAuditEntry() throws Exception {
        Http ivan = login("ivan");
        HttpResponse<byte[]> v = ivan.getBytes("/incidents/" + EV + "/evidence/" + videoSha);
        assertThat(v.statusCode()).isEqualTo(200);
        assertThat(v.body()).isEqualTo(video);
        assertThat(v.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(v.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"" + videoSha + ".mp4\"");
        sandboxed(v);

        HttpResponse<byte[]> json = ivan.getBytes("/api/incidents/" + EV + "/evidence/" + snapshotSha);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).isEqualTo(snapshot);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + snapshotSha + ".json\"");
        sandboxed(json);

        HttpResponse<byte[]> page = ivan.getBytes("/incidents/" + EV + "/evidence/" + htmlSha);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + htmlSha + ".bin\"");
        sandboxed(page);

        List<JsonNode> viewed = custody("viewed", "ivan", videoSha);
        assertThat(viewed).hasSize(1);
        JsonNode e = viewed.get(0);
        assertThat(e.path("incident").asText()).isEqualTo(EV);
        assertThat(e.path("post").asText()).as("the newest post recording it").isEqualTo("x:502");
        assertThat(e.path("kind").asText()).isEqualTo("video");
        assertThat(e.path("size").asLong()).isEqualTo(video.length);
        assertThat(audit("ivan", AuditLog.EVIDENCE_VIEW, EV)).extracting(a -> a.path("target").asText())
                .contains(videoSha, snapshotSha, htmlSha);
    }

    @Test
    void aVideoCanBeSoughtAndAViewingIsRecordedOnceAtItsStart() throws Exception {
        Http adam = login("adam");
        int before = custody("viewed", "adam", videoSha).size();
        String path = "/incidents/" + EV + "/evidence/" + videoSha;
        HttpResponse<String> first = adam.request("GET", path, null, null, Map.of("Range", "bytes=0-"));
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-" + (video.length - 1) + "/" + video.length);
        HttpResponse<String> seek = adam.request("GET", path, null, null, Map.of("Range", "bytes=10-19"));
        assertThat(seek.statusCode()).isEqualTo(206);
        assertThat(seek.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + video.length);
        assertThat(seek.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(seek.headers().firstValue("Content-Length")).hasValue("10");
        sandboxed(seek);
        assertThat(adam.request("GET", path, null, null, Map.of("Range", "bytes=" + video.length + "-")).statusCode())
                .isEqualTo(416);
        // Anything but one plain range gets the whole item.
        assertThat(adam.request("GET", path, null, null, Map.of("Range", "bytes=0-1,5-6")).statusCode()).isEqualTo(200);
        // The first request and the whole-item one start viewings; the seek and the refused range do not.
        assertThat(custody("viewed", "adam", videoSha)).hasSize(before + 2);
        // A snapshot is never served in pieces.
        HttpResponse<String> json = adam.request("GET", "/incidents/" + EV + "/evidence/" + snapshotSha, null, null,
                Map.of("Range", "bytes=0-3"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Accept-Ranges")).hasValue("none");
    }

    @Test
    void onlyAnItemOfTheIncidentTheUserMaySeeIsServedAndEverythingElseIsTheMissingIncident() {
        Http walt = login("walt");
        HttpResponse<String> missing = walt.get("/incidents/inc-does-not-exist");
        assertThat(missing.statusCode()).isEqualTo(404);
        for (String path : List.of("/incidents/" + EV + "/evidence/" + videoSha, "/incidents/" + EV + "/export.zip")) {
            HttpResponse<String> r = walt.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo(missing.body());
            assertThat(walt.get("/api" + path).statusCode()).as("/api" + path).isEqualTo(404);
        }
        assertThat(custody("viewed", "walt", videoSha)).isEmpty();
        assertThat(custody("exported", "walt", videoSha)).isEmpty();
        assertThat(audit("walt", AuditLog.EVIDENCE_VIEW, EV)).isNotEmpty().allMatch(a -> a.path("target").asText().equals("refused_walled"));

        Http ivan = login("ivan");
        assertThat(store.exists(otherSha)).isTrue();
        assertThat(ivan.get("/incidents/" + OTHER + "/evidence/" + otherSha).statusCode()).as("in its own incident").isEqualTo(200);
        String ivansMissing = ivan.get("/incidents/inc-does-not-exist").body();
        for (String sha : List.of(otherSha, deletedSha, removedSha, videoSha.toUpperCase(), videoSha + "0", "not-a-hash")) {
            HttpResponse<String> r = ivan.get("/incidents/" + EV + "/evidence/" + sha);
            assertThat(r.statusCode()).as(sha).isEqualTo(404);
            assertThat(r.body()).as(sha).isEqualTo(ivansMissing);
        }
        assertThat(ivan.get("/api/incidents/" + EV + "/evidence/" + otherSha).body()).isEqualTo("{\"error\":\"no such incident\"}");
        assertThat(custody("viewed", "ivan", otherSha)).as("only the view in its own incident").hasSize(1);
    }

    // ---------------------------------------------------------------- the bundle

    @Test
    void theBundlesManifestMatchesItsFilesAndItsTokensVerify() throws Exception {
        Http ivan = login("ivan");
        HttpResponse<byte[]> r = ivan.getBytes("/incidents/" + EV + "/export.zip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"incident-" + EV + ".zip\"");
        Map<String, byte[]> zip = unzip(r.body());
        assertThat(zip.keySet()).containsExactlyInAnyOrder("files/" + videoSha + ".mp4", "files/" + imageSha + ".png",
                "files/" + snapshotSha + ".json", "files/" + htmlSha + ".bin", "tokens/" + videoSha + ".tsr",
                "tokens/" + snapshotSha + ".tsr", "custody.jsonl", "README.txt", "manifest.json", "SHA256SUMS");
        assertThat(zip.get("files/" + videoSha + ".mp4")).isEqualTo(video);

        // SHA256SUMS: a line for every other file, each right.
        Map<String, String> sums = new LinkedHashMap<>();
        new String(zip.get("SHA256SUMS"), StandardCharsets.UTF_8).lines().forEach(l -> sums.put(l.substring(66), l.substring(0, 64)));
        assertThat(sums.keySet()).containsExactlyInAnyOrderElementsOf(zip.keySet().stream().filter(p -> !p.equals("SHA256SUMS")).toList());
        sums.forEach((path, hash) -> assertThat(sha256(zip.get(path))).as(path).isEqualTo(hash));

        JsonNode manifest = Es.JSON.readTree(zip.get("manifest.json"));
        assertThat(manifest.path("format_version").asInt()).isEqualTo(1);
        assertThat(manifest.path("incident_id").asText()).isEqualTo(EV);
        assertThat(manifest.at("/incident/title").asText()).isEqualTo("Evidence of a beating");
        assertThat(manifest.path("exported_by").asText()).isEqualTo("ivan");
        assertThat(manifest.path("posts")).hasSize(2);
        assertThat(manifest.at("/posts/1/evidence/3/reason").asText()).as("as recorded").isEqualTo(HOSTILE_REASON);
        assertThat(manifest.at("/posts/0/evidence/4/status").asText()).isEqualTo("failed");
        Map<String, JsonNode> files = new LinkedHashMap<>();
        manifest.path("files").forEach(f -> files.put(f.path("sha256").asText(), f));
        assertThat(files.keySet()).containsExactlyInAnyOrder(videoSha, imageSha, snapshotSha, htmlSha, deletedSha, removedSha);
        for (JsonNode f : files.values()) {
            if (f.path("missing").asBoolean()) {
                assertThat(f.path("path").isNull()).isTrue();
                continue;
            }
            byte[] bytes = zip.get(f.path("path").asText());
            assertThat(bytes).as(f.toString()).isNotNull();
            assertThat(sha256(bytes)).isEqualTo(f.path("sha256").asText());
            assertThat(f.path("size").asLong()).isEqualTo(bytes.length);
            assertThat(f.path("bytes_match_sha256").asBoolean()).isTrue();
            assertThat(f.path("content_type").asText()).isEqualTo(store.describe(f.path("sha256").asText()).orElseThrow().contentType());
        }
        assertThat(files.get(videoSha).path("posts")).extracting(JsonNode::asText).containsExactly("x:502", "x:501");
        assertThat(files.get(deletedSha).path("missing").asBoolean()).as("deleted bytes are listed, not dropped").isTrue();
        assertThat(files.get(removedSha).path("missing").asBoolean()).isTrue();
        assertThat(files.get(removedSha).path("status").asText()).isEqualTo("removed");
        assertThat(files.get(imageSha).path("token").isNull()).isTrue();

        for (String sha : List.of(videoSha, snapshotSha)) {
            JsonNode f = files.get(sha);
            assertThat(f.path("token").asText()).isEqualTo("tokens/" + sha + ".tsr");
            TimestampVerdict verdict = Timestamps.verify(zip.get(f.path("token").asText()), sha, List.of(tsa.certificate()));
            assertThat(verdict.valid()).as(verdict.reason()).isTrue();
            assertThat(verdict.trust()).isEqualTo(TimestampVerdict.Trust.TRUSTED);
            assertThat(f.at("/token_verdict/status").asText()).isEqualTo("valid");
            assertThat(f.at("/token_verdict/trust").asText()).isEqualTo("trusted");
            assertThat(f.at("/token_verdict/gen_time").asText()).isEqualTo(verdict.genTime().toString());
        }
        assertThat(new String(zip.get("README.txt"), StandardCharsets.UTF_8)).contains("sha256sum -c SHA256SUMS", "openssl ts -verify");
        checkWithTheCommandLineTools(zip);
    }

    @Test
    void anExportWritesExportedEventsThatItsOwnCustodyLogHolds() throws Exception {
        Http sara = login("sara");
        Map<String, byte[]> zip = unzip(sara.getBytes("/api/incidents/" + EV + "/export.zip").body());
        List<JsonNode> exported = custody("exported", "sara", null);
        assertThat(exported).extracting(e -> e.path("sha256").asText()).containsExactlyInAnyOrder(videoSha, imageSha, snapshotSha, htmlSha);
        assertThat(exported).allMatch(e -> e.path("detail").asText().equals("incident-" + EV + ".zip") && e.path("incident").asText().equals(EV));

        List<JsonNode> log = new ArrayList<>();
        for (String line : new String(zip.get("custody.jsonl"), StandardCharsets.UTF_8).split("\n")) {
            log.add(Es.JSON.readTree(line));
        }
        assertThat(log).extracting(e -> java.time.Instant.parse(e.path("@timestamp").asText())).isSorted();
        assertThat(log).filteredOn(e -> e.path("event").asText().equals("exported") && e.path("actor").asText().equals("sara"))
                .extracting(e -> e.path("sha256").asText()).containsExactlyInAnyOrder(videoSha, imageSha, snapshotSha, htmlSha);
        assertThat(log).filteredOn(e -> e.path("event").asText().equals("captured")).extracting(e -> e.path("sha256").asText())
                .contains(videoSha, snapshotSha, deletedSha);
        assertThat(log).filteredOn(e -> e.path("event").asText().equals("removed")).hasSize(1);
        // The video's link from the other incident: what and when, not where.
        JsonNode elsewhere = log.stream().filter(e -> e.path("other_incident").asBoolean()).findFirst().orElseThrow();
        assertThat(elsewhere.path("event").asText()).isEqualTo("linked");
        assertThat(elsewhere.has("incident")).isFalse();
        assertThat(elsewhere.has("post")).isFalse();
        assertThat(new String(zip.get("custody.jsonl"), StandardCharsets.UTF_8)).doesNotContain(OTHER).doesNotContain("x:601");

        List<JsonNode> audit = audit("sara", AuditLog.EXPORT, EV);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("target").asText()).isEqualTo("incident-" + EV + ".zip");
        assertThat(audit.get(0).at("/after/missing").asInt()).isEqualTo(2);
    }

    @Test
    void theCaseFileExportsStillWorkAndCarryTheEvidenceItems() throws Exception {
        Http ivan = login("ivan");
        JsonNode file = Es.JSON.readTree(ivan.get("/incidents/" + EV + "/export.json").body());
        assertThat(file.at("/posts/0/evidence")).hasSize(5);
        assertThat(file.at("/posts/0/evidence/0/sha256").asText()).isEqualTo(videoSha);
        assertThat(ivan.get("/incidents/" + EV + "/export.csv").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    /** {@code sha256sum -c} as the README says; and {@code openssl ts -verify} too, where openssl is installed. */
    static void checkWithTheCommandLineTools(Map<String, byte[]> zip) throws Exception {
        Path dir = Files.createTempDirectory(folder, "bundle");
        for (Map.Entry<String, byte[]> e : zip.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        assertThat(run(dir, "sha256sum", "-c", "--strict", "SHA256SUMS")).isEqualTo(0);
        Files.write(dir.resolve("files/" + imageSha + ".png"), new byte[] {1, 2, 3});
        assertThat(run(dir, "sha256sum", "-c", "--quiet", "SHA256SUMS")).as("a changed file is caught").isNotEqualTo(0);
        if (run(dir, "openssl", "version") != 0) {
            return;
        }
        Path ca = dir.resolve("tsa-ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(tsa.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        assertThat(run(dir, "openssl", "ts", "-verify", "-token_in", "-in", "tokens/" + videoSha + ".tsr", "-data",
                "files/" + videoSha + ".mp4", "-CAfile", ca.toString())).isEqualTo(0);
        assertThat(run(dir, "openssl", "ts", "-verify", "-token_in", "-in", "tokens/" + videoSha + ".tsr", "-digest", videoSha,
                "-CAfile", ca.toString())).isEqualTo(0);
        assertThat(run(dir, "openssl", "ts", "-verify", "-token_in", "-in", "tokens/" + videoSha + ".tsr", "-digest", snapshotSha,
                "-CAfile", ca.toString())).as("a token over another hash").isNotEqualTo(0);
    }

    static int run(Path dir, String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile()).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1; // not installed
        }
    }

    static void sandboxed(HttpResponse<?> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox").contains("default-src 'none'")
                .doesNotContain("allow-scripts");
    }

    static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(out.put(e.getName(), in.readAllBytes())).as("one entry per name: " + e.getName()).isNull();
            }
        }
        return out;
    }

    static List<JsonNode> custody(String event, String actor, String sha256) {
        es.refresh(Indices.EVIDENCE);
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 100);
        var filter = q.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("event", event);
        filter.addObject().putObject("term").put("actor", actor);
        if (sha256 != null) {
            filter.addObject().putObject("term").put("sha256", sha256);
        }
        List<JsonNode> out = new ArrayList<>();
        es.search(Indices.EVIDENCE, q).at("/hits/hits").forEach(h -> out.add(h.path("_source")));
        return out;
    }

    static List<JsonNode> audit(String user, String action, String incident) {
        return new AuditLog(es, Clock.systemUTC()).read(new AuditLog.Filter(user, action, incident, null, null, 0));
    }

    static Http login(String user) {
        Http http = new Http(console.url());
        assertThat(http.login(user, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(302);
        return http;
    }

    static ObjectNode post(String id, String incidentId, String time) {
        return postDoc(id, incidentId, "Police beat a vendor, video attached " + id, "en",
                List.of(incidentId.equals(EV) ? SITE : HATRI), "violence", 80, true, time);
    }

    static String put(byte[] bytes, String contentType) throws IOException {
        Path f = Files.createTempFile(folder, "item", ".part");
        Files.write(f, bytes);
        String sha = sha256(bytes);
        store.put(f, sha, contentType);
        Files.delete(f);
        return sha;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
