package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.alert.AlertJobs.DAYTIME;
import static org.nigrani.jobs.alert.AlertJobs.INTERNAL_AFFAIRS;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.jobs.alert.AlertJobs.PostLine;
import org.nigrani.jobs.testing.Elastic;

/**
 * Who is told what: the real job from a JSON Lines file into the real Elasticsearch, its alerts delivered over SMTP
 * to a mail server in this JVM, and judged by the messages that server received and by the {@code alerts} outbox.
 *
 * <p>The independent scenarios share one run ({@link #main}): each has stations of its own in the test directory,
 * so no scenario's alerts reach another's recipients. Escalation needs time between its posts, so it watches a
 * folder; turning the conflict rule off needs other settings; both run jobs of their own. Sections are numbered as
 * the alert issue's "Must show" list; delivery through mail server outages (7) is {@link AlertDeliveryITCase}.
 */
@ExtendWith(SharedElasticsearch.class)
class AlertsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Between the alerted incidents (with video, 71 and up) and the digested ones (without, 62 and below). */
    static final int THRESHOLD = 66;
    static final int STORM = 2_000;

    static final String SITE = "sho.site@police.example";
    static final String SOHRAB_GOTH = "sho.sohrab-goth@police.example";
    static final String PREEDY = "sho.preedy@police.example";
    static final String FEROZABAD = "sho.ferozabad@police.example";
    static final String CLIFTON = "sho.clifton@police.example";
    static final String DARAKHSHAN = "sho.darakhshan@police.example";
    static final String ARTILLERY_MAIDAN = "sho.artillery-maidan@police.example";
    static final String GULSHAN = "sho.gulshan@police.example";
    static final String KORANGI = "sho.korangi@police.example";
    static final String HATRI = "sho.hatri@police.example";
    static final String LANDHI = "sho.landhi@police.example";
    static final String IA = INTERNAL_AFFAIRS.email();

    static final String HOSTILE_TITLE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    static final String INJECTED = " \r\nBcc: evil@attacker.example\nSubject: pwned";

    @TempDir
    static Path dir;

    static int port;
    static GreenMail mail;
    static Outcome main;

    /**
     * What a run left: the messages received, the outbox documents, the incident each post joined, the incident
     * documents by id, and how many lines were dead-lettered.
     */
    record Outcome(List<ReceivedMail> mails, List<JsonNode> alerts, Map<String, String> incidentOfPost,
            Map<String, JsonNode> incidents, long deadLetters) {

        List<ReceivedMail> to(String mailbox) {
            return mails.stream().filter(m -> m.mailbox().equals(mailbox)).toList();
        }

        String incident(String postId) {
            String id = incidentOfPost.get(postId);
            assertThat(id).as("the incident of post " + postId).isNotNull();
            return id;
        }

        List<JsonNode> alertsTo(String address) {
            return alerts.stream().filter(a -> a.at("/recipients/0/address").asText().equals(address)).toList();
        }

        /** How many messages each mailbox received. */
        Map<String, Long> counts() {
            return mails.stream().collect(Collectors.groupingBy(ReceivedMail::mailbox, TreeMap::new, Collectors.counting()));
        }
    }

    // ---- the shared run -----------------------------------------------------------------------------------------

    static List<PostLine> mainInput() {
        List<PostLine> posts = new ArrayList<>();
        // 1. Routing: one station each, and one naming both.
        posts.add(PostLine.of("route-a", "auth_route_a",
                "Video: police constables beating a street vendor at SITE Super Highway police station Karachi",
                DAYTIME).withVideo("https://video.example.org/v/route-a.mp4"));
        posts.add(PostLine.of("route-b", "auth_route_b",
                "Police constables beat a rickshaw driver with batons inside Sohrab Goth police station Karachi and broke his arm",
                DAYTIME.plusSeconds(60)).withVideo("https://video.example.org/v/route-b.mp4"));
        posts.add(PostLine.of("route-ab", "auth_route_ab",
                "Constables from SITE Super Highway police station and Sohrab Goth police station together beat up protesting labourers in Karachi",
                DAYTIME.plusSeconds(120)).withVideo("https://video.example.org/v/route-ab.mp4"));
        // 2. Conflict of interest, and 3. no station.
        posts.addAll(conflictInput());
        // 4. A storm of re-shares of one video. Every copy shows the video's views (about 200,000), so the incident is
        // P1 from whichever copy comes first and never grows tenfold: no update of it is an escalation.
        posts.add(PostLine.of("storm-0", "clifton_witness",
                "Video: Clifton police station constables beating a tea seller with batons, Karachi", DAYTIME.plusSeconds(300))
                .withVideo("https://video.example.org/v/storm.mp4").withReach(200_000, 500));
        for (int i = 1; i < STORM; i++) {
            posts.add(PostLine.of("storm-" + i, String.format("storm_sharer_%04d", i),
                    "RT @clifton_witness: Video: Clifton police station constables beating a tea seller with batons, Karachi",
                    DAYTIME.plusSeconds(300 + i)).withVideo("https://video.example.org/v/storm.mp4")
                    .withReach(200_000 + i, 0).repostOf("storm-0"));
        }
        // 6. Below the threshold: two incidents for one head (the more viewed ranks higher), one for another.
        posts.add(PostLine.of("digest-bribe", "auth_digest_bribe",
                "Darakhshan police station constables demanded 5000 rupees bribe from a shopkeeper to not register a fake case, Karachi",
                DAYTIME.plusSeconds(420)));
        posts.add(PostLine.of("digest-harass", "auth_digest_harass",
                "Darakhshan police station constables harassed and threatened college students at a checkpoint, Karachi",
                DAYTIME.plusSeconds(480)).withReach(200_000, 0));
        posts.add(PostLine.of("digest-other", "auth_digest_other",
                "Artillery Maidan police station constables took 2000 rupees bribe from a rickshaw driver, Karachi",
                DAYTIME.plusSeconds(540)));
        // 8. Witnesses named in the text, a post link and a profile.
        posts.add(PostLine.of("witness", "korangi_eyewitness",
                "Korangi police station constables beat a fruit vendor with batons, @witness_handle saw it all "
                        + "https://x.com/witness_handle/status/123 ping @another_witness profile x.com/another_witness",
                DAYTIME.plusSeconds(600)).withVideo("https://video.example.org/v/witness.mp4"));
        // 9. Header injection in the text (the station's name and head in the directory try it too).
        posts.add(PostLine.of("inject", "auth_inject",
                "Hatri police station constables beat a labourer with batons and broke his arm, Hyderabad" + INJECTED,
                DAYTIME.plusSeconds(660)).withVideo("https://video.example.org/v/inject.mp4"));
        // 10. Markup in the text.
        posts.add(PostLine.of("markup", "auth_markup",
                HOSTILE_TITLE + " Police constables beat a street vendor with batons inside Landhi police station Karachi and broke his arm",
                DAYTIME.plusSeconds(720)).withVideo("https://video.example.org/v/markup.mp4"));
        return posts;
    }

    static List<PostLine> conflictInput() {
        return List.of(
                PostLine.of("conflict-sho", "auth_conflict_sho",
                        "Preedy police station SHO and his constables beat a detained shopkeeper with batons, Karachi",
                        DAYTIME.plusSeconds(180)).withVideo("https://video.example.org/v/conflict-sho.mp4"),
                PostLine.of("conflict-dsp", "auth_conflict_dsp",
                        "DSP sahab watched while Ferozabad police station constables tortured a young man in custody, Karachi",
                        DAYTIME.plusSeconds(200)).withVideo("https://video.example.org/v/conflict-dsp.mp4"),
                PostLine.of("unresolved", "auth_unresolved",
                        "Police constables beat a young man and broke his teeth, no one is listening, Karachi",
                        DAYTIME.plusSeconds(240)).withVideo("https://video.example.org/v/unresolved.mp4"));
    }

    @BeforeAll
    static void runTheSharedInput() throws Exception {
        port = AlertJobs.freePort();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        main = run(mainInput(), true);
    }

    @AfterAll
    static void stopMail() {
        if (mail != null) {
            mail.stop();
        }
    }

    /** Runs {@code posts} as a bounded input on clean indices and an empty mail server; returns what it left. */
    static Outcome run(List<PostLine> posts, boolean conflictToInternalAffairs) throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
        mail.purgeEmailFromAllMailboxes();
        Path input = Files.createTempFile(dir, "posts", ".jsonl");
        AlertJobs.write(input, posts);
        AlertJobs.job(dir, input, null, AlertJobs.settings(port, THRESHOLD, conflictToInternalAffairs, Duration.ofSeconds(30)))
                .execute(AlertJobs.environment());
        return outcome();
    }

    static Outcome outcome() {
        Elastic elastic = elastic();
        Map<String, String> incidentOfPost = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            incidentOfPost.put(hit.at("/_source/nigrani/post_id").asText(), hit.at("/_source/nigrani/incident/id").asText());
        }
        Map<String, JsonNode> incidents = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.INCIDENTS)) {
            incidents.put(hit.get("_id").asText(), hit.get("_source"));
        }
        return new Outcome(ReceivedMail.all(mail), alerts(), incidentOfPost, incidents, elastic.count(Indices.DEAD_LETTER));
    }

    static List<JsonNode> alerts() {
        return elastic().all(Indices.ALERTS).stream().map(h -> h.get("_source")).toList();
    }

    static Elastic elastic() {
        return new Elastic(SharedElasticsearch.restClient());
    }

    // ---- over the whole run -------------------------------------------------------------------------------------

    @Test
    void everyRecipientGetsExactlyItsAlertsEachOnceAndTheOutboxRecordsThemSent() {
        assertThat(main.counts()).isEqualTo(Map.of(SITE, 2L, SOHRAB_GOTH, 2L, IA, 3L, CLIFTON, 1L, DARAKHSHAN, 1L,
                ARTILLERY_MAIDAN, 1L, KORANGI, 1L, HATRI, 1L, LANDHI, 1L));
        assertThat(main.mails()).extracting(ReceivedMail::messageId).doesNotHaveDuplicates();
        assertThat(main.alerts()).hasSameSizeAs(main.mails());
        for (JsonNode a : main.alerts()) {
            assertThat(a.at("/alert/status").asText()).as(a.at("/alert/id").asText()).isEqualTo("sent");
            assertThat(a.at("/alert/attempts").asInt()).isEqualTo(1);
            assertThat(a.at("/alert/sequence").asInt()).isEqualTo(1);
        }
        Set<String> ids = main.alerts().stream().map(a -> "<" + a.at("/alert/id").asText() + "@nigrani.local>")
                .collect(Collectors.toSet());
        assertThat(main.mails()).extracting(ReceivedMail::messageId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(main.deadLetters()).isZero();
    }

    // ---- 1. routing ---------------------------------------------------------------------------------------------

    @Test
    void eachHeadGetsTheIncidentsOfItsStationAndAJointIncidentReachesBothHeadsOnce() {
        String a = main.incident("route-a");
        String b = main.incident("route-b");
        String ab = main.incident("route-ab");
        assertThat(Set.of(a, b, ab)).hasSize(3);

        assertThat(incidentsIn(main.to(SITE))).containsExactlyInAnyOrder(a, ab);
        assertThat(incidentsIn(main.to(SOHRAB_GOTH))).containsExactlyInAnyOrder(b, ab);
        for (ReceivedMail m : main.to(SITE)) {
            assertThat(m.to()).containsExactly(SITE);
            assertThat(m.header("To").get(0)).startsWith("Station House Officer SITE Super Highway");
        }
        ReceivedMail joint = main.to(SOHRAB_GOTH).stream().filter(m -> m.text().contains(ab)).findFirst().orElseThrow();
        assertThat(joint.subject()).contains("SITE Super Highway / Sohrab Goth, Karachi");
        assertThat(joint.to()).containsExactly(SOHRAB_GOTH);
        assertThat(main.alertsTo(SITE)).extracting(d -> d.at("/recipients/0/station_id").asText())
                .containsOnly("khi-site-super-highway");
    }

    // ---- 2. and 3. internal affairs -----------------------------------------------------------------------------

    @Test
    void anAllegationAgainstTheHeadOrHisSuperiorsGoesToInternalAffairsAsDoesAnUnresolvedStation() {
        String sho = main.incident("conflict-sho");
        String dsp = main.incident("conflict-dsp");
        String unresolved = main.incident("unresolved");
        assertThat(incidentsIn(main.to(IA))).containsExactlyInAnyOrder(sho, dsp, unresolved);
        assertThat(main.to(PREEDY)).isEmpty();
        assertThat(main.to(FEROZABAD)).isEmpty();
        assertThat(main.alertsTo(PREEDY)).isEmpty();
        assertThat(main.alertsTo(FEROZABAD)).isEmpty();
        for (ReceivedMail m : main.to(IA)) {
            assertThat(m.to()).containsExactly(IA);
            assertThat(m.header("To").get(0)).startsWith("Internal Affairs desk");
        }
        ReceivedMail nowhere = main.to(IA).stream().filter(m -> m.text().contains(unresolved)).findFirst().orElseThrow();
        assertThat(nowhere.subject()).contains("station unresolved");
        ReceivedMail preedy = main.to(IA).stream().filter(m -> m.text().contains(sho)).findFirst().orElseThrow();
        assertThat(preedy.text()).contains("Officers: SHO × 1");
    }

    @Test
    void withTheConflictRuleOffTheHeadGetsTheAllegation() throws Exception {
        Outcome off = run(conflictInput(), false);
        assertThat(off.counts()).isEqualTo(Map.of(PREEDY, 1L, FEROZABAD, 1L, IA, 1L));
        assertThat(incidentsIn(off.to(PREEDY))).containsExactly(off.incident("conflict-sho"));
        assertThat(incidentsIn(off.to(FEROZABAD))).containsExactly(off.incident("conflict-dsp"));
        assertThat(incidentsIn(off.to(IA))).containsExactly(off.incident("unresolved"));
    }

    // ---- 4. storm -----------------------------------------------------------------------------------------------

    @Test
    void twoThousandResharesOfOneVideoAreOneEmailToItsHead() {
        String storm = main.incident("storm-0");
        Set<String> incidents = new HashSet<>();
        for (int i = 0; i < STORM; i++) {
            incidents.add(main.incident("storm-" + i));
        }
        assertThat(incidents).containsExactly(storm);
        assertThat(main.incidents().get(storm).at("/nigrani/incident/post_count").asLong()).isEqualTo(STORM);

        assertThat(main.to(CLIFTON)).hasSize(1);
        assertThat(incidentsIn(main.to(CLIFTON))).containsExactly(storm);
        List<JsonNode> docs = main.alertsTo(CLIFTON);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).at("/alert/status").asText()).isEqualTo("sent");
        assertThat(docs.get(0).at("/alert/kind").asText()).isEqualTo("first");
    }

    // ---- 5. escalation ------------------------------------------------------------------------------------------

    @Test
    void anIncidentThatGrowsTenfoldGetsOneFollowUpThreadedUnderTheFirstAndNoMore() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
        mail.purgeEmailFromAllMailboxes();
        Path folder = Files.createDirectories(dir.resolve("watched"));
        String text = "Police constables beat a rickshaw driver with batons inside Gulshan-e-Iqbal police station Karachi and broke his arm";
        AlertJobs.drop(folder, "1.jsonl", List.of(PostLine.of("grow-1", "auth_grow_1", text, DAYTIME).withReach(500, 0)));
        JobClient job = AlertJobs.job(dir, folder, Duration.ofMillis(200),
                AlertJobs.settings(port, 60, true, Duration.ofSeconds(30))).executeAsync(AlertJobs.environment());
        try {
            awaitMails(job, 1);
            ReceivedMail first = only(ReceivedMail.all(mail));
            assertThat(first.mailbox()).isEqualTo(GULSHAN);
            assertThat(first.subject()).startsWith("[Nigrani P2]");
            assertThat(first.text()).contains("Reason: priority P2 (");
            assertThat(first.header("In-Reply-To")).isEmpty();

            // Ten times the views.
            AlertJobs.drop(folder, "2.jsonl", List.of(
                    PostLine.of("grow-2", "auth_grow_2", "The rickshaw driver beaten by Gulshan-e-Iqbal police station "
                            + "constables is in hospital with broken bones, Karachi", DAYTIME.plusSeconds(600)).withReach(6_000, 0),
                    PostLine.of("grow-3", "auth_grow_3", "Gulshan-e-Iqbal police station constables beat the same rickshaw "
                            + "driver again today and broke his other arm, Karachi", DAYTIME.plusSeconds(720)).withReach(6_000, 0)));
            awaitMails(job, 2);
            ReceivedMail second = ReceivedMail.all(mail).stream().filter(m -> !m.messageId().equals(first.messageId()))
                    .collect(Collectors.collectingAndThen(Collectors.toList(), AlertsITCase::only));
            assertThat(second.mailbox()).isEqualTo(GULSHAN);
            assertThat(second.header("In-Reply-To")).containsExactly(first.messageId());
            assertThat(second.header("References")).containsExactly(first.messageId());
            assertThat(second.text()).containsPattern("Reason: .*reach ×10 since the last alert \\(500 → 6000 views\\)");
            String incident = incidentsIn(List.of(first)).get(0);
            assertThat(incidentsIn(List.of(second))).containsExactly(incident);

            // More posts without escalation, and a new incident elsewhere: only the new one is alerted.
            AlertJobs.drop(folder, "3.jsonl", List.of(
                    PostLine.of("grow-4", "auth_grow_4", text + " again", DAYTIME.plusSeconds(1200)).withReach(6_000, 0),
                    PostLine.of("grow-5", "auth_grow_5", "The rickshaw driver beaten by Gulshan-e-Iqbal police station "
                            + "constables is still in hospital, Karachi", DAYTIME.plusSeconds(1500)).withReach(6_000, 0),
                    PostLine.of("elsewhere", "auth_elsewhere", "Korangi police station constables beat a fruit vendor with "
                            + "batons, Karachi", DAYTIME.plusSeconds(1500)).withVideo("https://video.example.org/v/elsewhere.mp4")));
            awaitMails(job, 3);
            await(job, () -> elastic().get("/" + Indices.INCIDENTS + "/_doc/" + incident).at("/_source/nigrani/incident/post_count")
                    .asLong() == 5);
            // The update that wrote the document went to the decider at the same time: a second for it to act wrongly.
            Thread.sleep(1_000);
            List<ReceivedMail> mails = ReceivedMail.all(mail);
            assertThat(mails.stream().filter(m -> m.mailbox().equals(GULSHAN)).count()).isEqualTo(2);
            assertThat(mails.stream().filter(m -> m.mailbox().equals(KORANGI)).count()).isEqualTo(1);
            assertThat(mails).hasSize(3);

            List<JsonNode> docs = alerts().stream().filter(d -> d.at("/recipients/0/address").asText().equals(GULSHAN)).toList();
            assertThat(docs).extracting(d -> d.at("/alert/sequence").asInt() + " " + d.at("/alert/kind").asText() + " "
                    + d.at("/alert/status").asText()).containsExactlyInAnyOrder("1 first sent", "2 escalation sent");
            JsonNode escalation = docs.stream().filter(d -> d.at("/alert/sequence").asInt() == 2).findFirst().orElseThrow();
            assertThat(escalation.at("/alert/reason").asText()).contains("reach ×10");
            assertThat("<" + escalation.at("/alert/id").asText() + "@nigrani.local>").isEqualTo(second.messageId());
        } finally {
            job.cancel().get();
        }
    }

    // ---- 6. digests ---------------------------------------------------------------------------------------------

    @Test
    void incidentsBelowTheThresholdGoInOneDigestPerHeadSortedByPriority() {
        String bribe = main.incident("digest-bribe");
        String harass = main.incident("digest-harass");
        String other = main.incident("digest-other");

        ReceivedMail darakhshan = only(main.to(DARAKHSHAN));
        assertThat(darakhshan.subject()).startsWith("[Nigrani digest").contains("2 incidents below the alert threshold");
        // The more viewed harassment case ranks above the bribe: it is listed first, in both parts.
        assertThat(darakhshan.text()).contains(harass, bribe);
        assertThat(darakhshan.text().indexOf(harass)).isLessThan(darakhshan.text().indexOf(bribe));
        assertThat(darakhshan.html().indexOf(harass)).isLessThan(darakhshan.html().indexOf(bribe));
        assertThat(darakhshan.text()).contains(AlertJobs.CONSOLE + "/incidents/" + harass, AlertJobs.CONSOLE + "/incidents/" + bribe);
        assertThat(darakhshan.html()).contains("href=\"" + AlertJobs.CONSOLE + "/incidents/" + bribe + "\"");

        ReceivedMail artillery = only(main.to(ARTILLERY_MAIDAN));
        assertThat(artillery.subject()).startsWith("[Nigrani digest").contains("1 incident below the alert threshold");
        assertThat(artillery.text()).contains(other).doesNotContain(bribe, harass);

        // None of them had an email of its own: each head's only alert is the digest.
        for (String head : List.of(DARAKHSHAN, ARTILLERY_MAIDAN)) {
            assertThat(main.alertsTo(head)).extracting(d -> d.at("/alert/kind").asText()).containsExactly("digest");
        }
        JsonNode digest = only(main.alertsTo(DARAKHSHAN));
        assertThat(digest.get("incidents")).extracting(i -> i.get("id").asText()).containsExactlyInAnyOrder(bribe, harass);
        for (JsonNode i : digest.get("incidents")) {
            assertThat(i.get("score").asInt()).isLessThan(THRESHOLD);
        }
    }

    // ---- 8. witnesses -------------------------------------------------------------------------------------------

    @Test
    void noEmailNamesAPosterOrLinksToAPostButEachLinksTheConsole() {
        List<PostLine> posts = mainInput();
        Set<String> handles = posts.stream().map(PostLine::author).collect(Collectors.toSet());
        handles.addAll(List.of("witness_handle", "another_witness"));
        for (ReceivedMail m : main.mails()) {
            String all = m.decoded();
            for (String handle : handles) {
                assertThat(all).as("message to " + m.mailbox()).doesNotContainIgnoringCase(handle);
            }
            for (PostLine p : posts) {
                assertThat(all).doesNotContain(p.url());
            }
            assertThat(all).doesNotContainIgnoringCase("x.com").doesNotContain("/status/");
            for (String incident : incidentsIn(List.of(m))) {
                assertThat(m.text()).contains(AlertJobs.CONSOLE + "/incidents/" + incident);
                assertThat(m.html()).contains("<a href=\"" + AlertJobs.CONSOLE + "/incidents/" + incident + "\">");
            }
        }
        // The post's words are quoted (quote: full), its witnesses masked.
        ReceivedMail korangi = only(main.to(KORANGI));
        assertThat(korangi.text()).contains("Korangi police station constables beat a fruit vendor with batons, @[handle] saw it all "
                + "[link] ping @[handle] profile [link]");
    }

    // ---- 9. header injection ------------------------------------------------------------------------------------

    /** What an alert's message carries, with what the server adds; a follow-up adds threading, the run has none. */
    static final Set<String> HEADERS = Set.of("Return-Path", "Received", "Date", "From", "To", "Message-ID", "Subject",
            "Auto-Submitted", "MIME-Version", "Content-Type");

    @Test
    void textWithLineBreaksAndHostileDirectoryNamesAddNoHeaderNorRecipient() {
        for (ReceivedMail m : main.mails()) {
            assertThat(m.headers().keySet()).as("headers of the message to " + m.mailbox()).isSubsetOf(HEADERS);
            assertThat(m.header("To")).hasSize(1);
            assertThat(m.to()).containsExactly(m.mailbox());
            assertThat(m.header("Cc")).isEmpty();
            assertThat(m.header("Bcc")).isEmpty();
            assertThat(m.header("Subject")).hasSize(1);
            assertThat(m.subject()).doesNotContain("pwned");
        }
        // Every delivery is in some mailbox: none was an attacker's.
        assertThat(main.mails()).extracting(ReceivedMail::mailbox).noneMatch(box -> box.contains("attacker"));

        ReceivedMail hatri = only(main.to(HATRI));
        assertThat(incidentsIn(List.of(hatri))).containsExactly(main.incident("inject"));
        // A directory name cannot hold a line break (the reader refuses it: StationDirectoryTest). The hostile names it
        // does accept, an address and a header in the head's name, stay text: in the subject, and quoted in To.
        assertThat(hatri.subject()).startsWith("[Nigrani P").contains("Hatri Bcc: evil@attacker.example, Hyderabad");
        assertThat(hatri.header("To").get(0)).contains("<" + HATRI + ">");
        assertThat(hatri.to()).containsExactly(HATRI);
        // The post's line breaks stay in the quoted body, where they are text, with the address masked.
        assertThat(hatri.text()).contains("Bcc: [email]").contains("Subject: pwned");
    }

    // ---- 10. markup ---------------------------------------------------------------------------------------------

    @Test
    void markupInThePostIsShownAsTextNeverAsHtml() {
        ReceivedMail landhi = only(main.to(LANDHI));
        assertThat(landhi.text()).contains(HOSTILE_TITLE + " Police constables beat a street vendor");
        assertThat(landhi.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContainPattern(Pattern.compile("<[^>]*onerror", Pattern.CASE_INSENSITIVE))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; Police constables beat");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static final Pattern INCIDENT_LINE = Pattern.compile("^Incident (inc-[0-9a-f]+)$", Pattern.MULTILINE);

    /** The incident ids the messages' text parts list, in order. */
    static List<String> incidentsIn(List<ReceivedMail> mails) {
        List<String> ids = new ArrayList<>();
        for (ReceivedMail m : mails) {
            INCIDENT_LINE.matcher(m.text().replace("\r\n", "\n")).results().forEach(r -> ids.add(r.group(1)));
        }
        return ids;
    }

    static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static void awaitMails(JobClient job, int count) throws Exception {
        await(job, () -> mail.getReceivedMessages().length >= count);
    }

    /** Waits up to 30 s for {@code condition}, failing at once if the job ends. */
    private static void await(JobClient job, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                throw new AssertionError("the job ended early");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(100);
        }
    }
}
