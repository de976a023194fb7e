package org.nigrani.console.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.incident.IncidentFixtures.HATRI;
import static org.nigrani.console.incident.IncidentFixtures.HOSTILE;
import static org.nigrani.console.incident.IncidentFixtures.SUPER_HIGHWAY;
import static org.nigrani.console.incident.IncidentFixtures.T0;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.nigrani.elastic.feedback.FeedbackCorpus;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;

/**
 * The incident room against the real Elasticsearch: each test has its own incident (A for reading, revealing and
 * exporting; the others for the changes), so they do not depend on each other's order.
 */
@ExtendWith(SharedElasticsearch.class)
class IncidentITCase {

    static final String A = "inc-aaaaaaaaaaaaaaaaaaaa";
    static final String TRIAGED = "inc-bbbbbbbbbbbbbbbbbbbb";
    static final String CONFLICT = "inc-cccccccccccccccccccc";
    static final String INVALID = "inc-dddddddddddddddddddd";
    static final String NOTES = "inc-eeeeeeeeeeeeeeeeeeee";
    static final String FEEDBACK = "inc-ffffffffffffffffffff";
    static final String API = "inc-gggggggggggggggggggg";
    static final String LONG_TEXT = "ظلم ".repeat(750);
    static final String FORMULA = "=HYPERLINK(\"http://evil.example/\",\"click\")";

    static ConsoleFixture console;
    static Es es;

    @BeforeAll
    static void start() {
        console = ConsoleFixture.start();
        es = console.es();
        new Users(es).add("walt", ConsoleFixture.PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of(SUPER_HIGHWAY), "test");
        IncidentFixtures f = new IncidentFixtures(es);
        f.incident(A, "Cops beat a labourer " + HOSTILE, SUPER_HIGHWAY, "SITE Super Highway", "Karachi");
        f.post(A, "1", T0, HOSTILE, "witness_one", SUPER_HIGHWAY, "SITE Super Highway", "javascript:alert(1)",
                "http://insecure.example.org/p.jpg");
        f.post(A, "2", T0.plus(Duration.ofHours(1)), FORMULA, "witness_two", SUPER_HIGHWAY, "SITE Super Highway",
                "https://video.example.org/v/2.mp4", "https://img.example.org/p/2.jpg");
        f.post(A, "3", T0.plus(Duration.ofHours(2)), LONG_TEXT, "witness_three", SUPER_HIGHWAY, "SITE Super Highway", null, null);
        f.alert("alert-1", A, "SHO SITE Super Highway", SUPER_HIGHWAY);
        for (String id : List.of(TRIAGED, CONFLICT, INVALID, NOTES, FEEDBACK, API)) {
            f.incident(id, "Police at Hatri took money", HATRI, "Hatri", "Hyderabad");
        }
        f.post(FEEDBACK, "10", T0, "Hatri police took 500 from every shop again", "shopkeeper", HATRI, "Hatri", null, null);
        f.post(FEEDBACK, "11", T0.plusSeconds(60), "thane wale ne thappar maara", "bystander", HATRI, "Hatri", null, null);
        f.refresh();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    static Http login(String user) {
        Http http = new Http(console.url());
        assertThat(http.login(user, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(302);
        return http;
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("hidden field " + name).isTrue();
        return m.group(1);
    }

    static Map<String, String> triageForm(String html, String status, String assignee) {
        Map<String, String> form = new HashMap<>();
        form.put("_csrf", Http.csrfOf(html));
        form.put("seq_no", hidden(html, "seq_no"));
        form.put("primary_term", hidden(html, "primary_term"));
        form.put("status", status);
        form.put("assignee", assignee);
        return form;
    }

    static List<JsonNode> audit(String user, String action, String incident) {
        return new AuditLog(es, Clock.systemUTC()).read(new AuditLog.Filter(user, action, incident, null, null, 0));
    }

    static JsonNode triageDoc(String id) {
        JsonNode doc = es.get(Indices.TRIAGE, id);
        return doc == null || !doc.path("found").asBoolean() ? null : doc.path("_source");
    }

    static JsonNode json(String body) throws Exception {
        return Es.JSON.readTree(body);
    }

    @Test
    void thePageShowsTheIncidentWithStrangersTextEscapedAndWitnessesHidden() {
        Http ivan = login("ivan");
        HttpResponse<String> page = ivan.get("/incidents/" + A);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("id=\"incident-title\"", "id=\"priority\"", "id=\"components\"", "0.81", "SITE Super Highway",
                "Karachi", "3 constable", "refugees", "52,000 views", "rising", "SHO SITE Super Highway", "immediate", "sent");
        assertThat(html).as("a recipient's address is not the page's business").doesNotContain("sho-secret@example.org");
        // The reach over time, drawn on the server.
        assertThat(html).containsPattern("<svg id=\"reach-chart\"[^>]*>").contains("<polyline points=\"70.0,");
        // Three posts, newest first; the long one cut.
        assertThat(html.split("<tr class=\"post\">", -1)).hasSize(4);
        assertThat(html.indexOf("ظلم")).isLessThan(html.indexOf("HYPERLINK"));
        assertThat(html).contains("Cut for the page").doesNotContain(LONG_TEXT.strip());
        assertThat(html).contains("class=\"post-text\" dir=\"auto\"", "thappar", "0.91");
        // Hostile text is text.
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").contains("&lt;script&gt;alert(");
        assertThat(html).as("a javascript: URL is never a link").doesNotContain("href=\"javascript:").contains("javascript:alert(1)");
        assertThat(html).as("only https previews load").doesNotContain("src=\"http://insecure")
                .contains("<img src=\"https://img.example.org/p/2.jpg\" referrerpolicy=\"no-referrer\"");
        // Witnesses hidden.
        assertThat(html).doesNotContain("witness_one", "x.com/witness").contains("<td class=\"author\"> hidden</td>");
        assertThat(html).contains("id=\"triage-form\"", "id=\"status\"", "id=\"assignee\"", "id=\"note-form\"", "id=\"reveal-form\"",
                "class=\"feedback-form\"", "id=\"export-json\"", "id=\"export-csv\"");
        assertThat(audit("ivan", AuditLog.VIEW_INCIDENT, A)).isNotEmpty();
    }

    @Test
    void aTriageChangeIsStoredMirroredAndAuditedWithBeforeAndAfter() {
        Http ivan = login("ivan");
        String html = ivan.get("/incidents/" + TRIAGED).body();
        HttpResponse<String> saved = ivan.post("/incidents/" + TRIAGED + "/triage", triageForm(html, "in_review", "sara"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location")).hasValue("/incidents/" + TRIAGED + "?done=triage");
        assertThat(ivan.get("/incidents/" + TRIAGED + "?done=triage").body()).contains("class=\"notice\">Triage saved.");

        JsonNode t = triageDoc(TRIAGED);
        assertThat(t.path("status").asText()).isEqualTo("in_review");
        assertThat(t.path("assignee").asText()).isEqualTo("sara");
        assertThat(t.path("history")).hasSize(2);
        assertThat(t.path("history").get(0).path("before").asText()).isEqualTo("new");
        assertThat(t.path("history").get(0).path("by").asText()).isEqualTo("ivan");

        JsonNode mirrored = es.get(Indices.INCIDENTS, TRIAGED).path("_source").path("nigrani").path("triage");
        assertThat(mirrored.path("status").asText()).isEqualTo("in_review");
        assertThat(mirrored.path("assignee").asText()).isEqualTo("sara");
        assertThat(mirrored.path("updated").asText()).isEqualTo(t.path("updated").asText());

        List<JsonNode> entries = audit("ivan", AuditLog.TRIAGE, TRIAGED);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("before").path("status").asText()).isEqualTo("new");
        assertThat(entries.get(0).path("before").path("assignee").isNull()).isTrue();
        assertThat(entries.get(0).path("after").path("status").asText()).isEqualTo("in_review");
        assertThat(entries.get(0).path("after").path("assignee").asText()).isEqualTo("sara");

        // An assignee walled off from the incident's station, or unknown, is refused.
        String again = ivan.get("/incidents/" + TRIAGED).body();
        HttpResponse<String> nobody = ivan.post("/incidents/" + TRIAGED + "/triage", triageForm(again, "in_review", "nobody"));
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.body()).contains("class=\"error\">No account");
    }

    @Test
    void theSecondOfTwoConcurrentEditsIsToldAndOverwritesNothing() {
        Http ivan = login("ivan");
        Http sara = login("sara");
        String ivansPage = ivan.get("/incidents/" + CONFLICT).body();
        String sarasPage = sara.get("/incidents/" + CONFLICT).body();

        assertThat(ivan.post("/incidents/" + CONFLICT + "/triage", triageForm(ivansPage, "in_review", "ivan")).statusCode())
                .isEqualTo(302);
        HttpResponse<String> second = sara.post("/incidents/" + CONFLICT + "/triage", triageForm(sarasPage, "in_review", "sara"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("id=\"conflict\"").contains("Changed by ivan since you opened it: status is now in review")
                .contains("assigned to ivan");
        assertThat(second.body()).as("the form shows the current values").contains("value=\"ivan\"");

        JsonNode t = triageDoc(CONFLICT);
        assertThat(t.path("assignee").asText()).isEqualTo("ivan");
        assertThat(t.path("history")).hasSize(2).allMatch(h -> h.path("by").asText().equals("ivan"));
        assertThat(audit("sara", AuditLog.TRIAGE, CONFLICT)).isEmpty();

        // With the current version from the conflict page, her change goes through.
        HttpResponse<String> retried = sara.post("/incidents/" + CONFLICT + "/triage", triageForm(second.body(), "escalated", "sara"));
        assertThat(retried.statusCode()).isEqualTo(302);
        assertThat(triageDoc(CONFLICT).path("status").asText()).isEqualTo("escalated");
    }

    @Test
    void aTransitionOutsideTheWorkflowIsRefused() {
        Http ivan = login("ivan");
        String html = ivan.get("/incidents/" + INVALID).body();
        HttpResponse<String> refused = ivan.post("/incidents/" + INVALID + "/triage", triageForm(html, "closed", ""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("class=\"error\">An incident new cannot become closed; from new it may go to in review.");
        assertThat(triageDoc(INVALID)).isNull();
        assertThat(ivan.post("/incidents/" + INVALID + "/triage", triageForm(html, "gone", "")).statusCode()).isEqualTo(400);
    }

    @Test
    void notesAreKeptListedAndAudited() {
        Http ivan = login("ivan");
        String html = ivan.get("/incidents/" + NOTES).body();
        String csrf = Http.csrfOf(html);
        assertThat(ivan.post("/incidents/" + NOTES + "/notes", Map.of("_csrf", csrf, "text", "Called the SHO <b>twice</b>"))
                .statusCode()).isEqualTo(302);
        assertThat(ivan.post("/incidents/" + NOTES + "/notes", Map.of("_csrf", csrf, "text", "   ")).statusCode()).isEqualTo(400);
        String after = ivan.get("/incidents/" + NOTES).body();
        assertThat(after).contains("id=\"notes\"").contains("Called the SHO &lt;b&gt;twice&lt;/b&gt;");
        assertThat(triageDoc(NOTES).path("notes").get(0).path("by").asText()).isEqualTo("ivan");
        List<JsonNode> entries = audit("ivan", AuditLog.NOTE, NOTES);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("after").path("text").asText()).isEqualTo("Called the SHO <b>twice</b>");
    }

    @Test
    void feedbackIsStoredWithThePostsTextAndExportsAsCorpusLines() throws Exception {
        Http ivan = login("ivan");
        String csrf = Http.csrfOf(ivan.get("/incidents/" + FEEDBACK).body());
        assertThat(ivan.post("/incidents/" + FEEDBACK + "/feedback", Map.of("_csrf", csrf, "post_id", "x:10", "kind",
                "wrong_category", "value", "extortion")).statusCode()).isEqualTo(302);
        assertThat(ivan.post("/incidents/" + FEEDBACK + "/feedback", Map.of("_csrf", csrf, "post_id", "x:11", "kind",
                "not_misconduct", "value", "")).statusCode()).isEqualTo(302);
        HttpResponse<String> noCategory = ivan.post("/incidents/" + FEEDBACK + "/feedback", Map.of("_csrf", csrf, "post_id", "x:10",
                "kind", "wrong_category", "value", "rudeness"));
        assertThat(noCategory.statusCode()).isEqualTo(400);
        assertThat(noCategory.body()).contains("Name the right category");
        assertThat(ivan.post("/incidents/" + FEEDBACK + "/feedback", Map.of("_csrf", csrf, "post_id", "x:1", "kind",
                "not_misconduct")).statusCode()).as("a post of another incident").isEqualTo(400);
        assertThat(audit("ivan", AuditLog.FEEDBACK, FEEDBACK)).hasSize(2);

        StringWriter out = new StringWriter();
        FeedbackCorpus.Result result = FeedbackCorpus.export(console.elasticsearch(), out);
        assertThat(result.lines()).isEqualTo(2);
        List<JsonNode> lines = out.toString().lines().map(l -> {
            try {
                return Es.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(lines.get(0).toString()).isEqualTo("{\"id\":\"feedback-x:10\",\"text\":\"Hatri police took 500 from every shop again\","
                + "\"label\":\"police_misconduct\",\"category\":\"extortion\",\"lang\":\"en\",\"platform\":\"x\",\"has_video\":false,"
                + "\"station\":\"Hatri\",\"split\":\"train\"}");
        assertThat(lines.get(1).path("label").asText()).isEqualTo("not_relevant");
        assertThat(lines.get(1).path("category").asText()).isEqualTo("none");
    }

    @Test
    void revealingNeedsAReasonIsAuditedAndShowsHandlesToThatSessionOnly() {
        Http ivan = login("ivan");
        String csrf = Http.csrfOf(ivan.get("/incidents/" + A).body());
        HttpResponse<String> tooShort = ivan.post("/incidents/" + A + "/reveal", Map.of("_csrf", csrf, "reason", "because"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("class=\"error\">Say why").doesNotContain("witness_one");

        String reason = "Case 2023/114: need to contact the witness";
        assertThat(ivan.post("/incidents/" + A + "/reveal", Map.of("_csrf", csrf, "reason", reason)).statusCode()).isEqualTo(302);
        String revealed = ivan.get("/incidents/" + A).body();
        assertThat(revealed).contains("witness_one", "href=\"https://x.com/witness_two/status/2\"", "id=\"revealed\"")
                .doesNotContain("id=\"reveal-form\"");
        List<JsonNode> entries = audit("ivan", AuditLog.REVEAL_AUTHORS, A);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("reason").asText()).isEqualTo(reason);

        assertThat(login("sara").get("/incidents/" + A).body()).doesNotContain("witness_one");
        assertThat(login("ivan").get("/incidents/" + A).body()).as("another session of the same user").doesNotContain("witness_one");
        assertThat(ivan.get("/incidents/" + FEEDBACK).body()).as("another incident").doesNotContain("shopkeeper");
    }

    @Test
    void aWalledOffInvestigatorGetsNotFoundEverywhere() {
        Http walt = login("walt");
        HttpResponse<String> page = walt.get("/incidents/" + A);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).doesNotContain("Cops beat").doesNotContain("SITE Super Highway");
        assertThat(walt.get("/incidents/inc-doesnotexist").body()).as("the same page as for a missing one").isEqualTo(page.body());
        assertThat(walt.get("/api/incidents/" + A).statusCode()).isEqualTo(404);
        assertThat(walt.get("/incidents/" + A + "/export.json").statusCode()).isEqualTo(404);
        assertThat(walt.get("/incidents/" + A + "/export.csv").statusCode()).isEqualTo(404);
        assertThat(walt.get("/api/incidents/" + A + "/export.csv").statusCode()).isEqualTo(404);
        String csrf = Http.csrfOf(walt.get("/incidents/" + TRIAGED).body());
        assertThat(walt.post("/incidents/" + A + "/notes", Map.of("_csrf", csrf, "text", "hello")).statusCode()).isEqualTo(404);
        assertThat(walt.post("/incidents/" + A + "/reveal", Map.of("_csrf", csrf, "reason", "I would like to know who")).statusCode())
                .isEqualTo(404);
        assertThat(audit("walt", AuditLog.VIEW_INCIDENT, A)).isNotEmpty()
                .allMatch(e -> e.path("target").asText().equals("refused_walled"));
        assertThat(audit("walt", AuditLog.REVEAL_AUTHORS, A)).allMatch(e -> e.path("target").asText().equals("refused_walled"));
    }

    @Test
    void theCaseFileHasEverythingButHiddenAuthorsAndItsCsvIsSafeInASpreadsheet() throws Exception {
        Http ivan = login("ivan");
        HttpResponse<String> json = ivan.get("/incidents/" + A + "/export.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"incident-" + A + ".json\"");
        JsonNode file = json(json.body());
        assertThat(file.path("incident").path("id").asText()).isEqualTo(A);
        assertThat(file.path("posts")).hasSize(3);
        assertThat(file.path("posts").get(0).path("text").asText()).as("whole, not cut").isEqualTo(LONG_TEXT);
        assertThat(file.path("posts")).allMatch(p -> p.path("author").asText().equals("hidden") && p.path("url").asText().equals("hidden"));
        assertThat(file.path("posts").get(1).path("media").get(0).path("url").asText()).isEqualTo("https://video.example.org/v/2.mp4");
        assertThat(file.path("posts").get(1).path("entities").path("stations").get(0).asText()).isEqualTo("SITE Super Highway");
        assertThat(file.path("triage").path("status").asText()).isEqualTo("new");
        assertThat(file.path("alerts").get(0).path("recipients").get(0).asText()).isEqualTo("SHO SITE Super Highway");
        assertThat(json.body()).doesNotContain("witness_");

        HttpResponse<String> csv = ivan.get("/incidents/" + A + "/export.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"incident-" + A + ".csv\"");
        String body = csv.body();
        assertThat(body).startsWith("\uFEFF\"record\",\"incident_id\"");
        assertThat(body).contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"").doesNotContain(",\"=HYPERLINK");
        assertThat(body).contains("\"post\",\"" + A + "\",\"x:2\"").contains("\"hidden\",\"hidden\"").doesNotContain("witness_");
        assertThat(body.lines().filter(l -> l.startsWith("\"post\"")).count()).isEqualTo(3);
        assertThat(audit("ivan", AuditLog.EXPORT, A)).extracting(e -> e.path("target").asText()).contains("json", "csv");

        // Once revealed in this session, the authors are in the case file.
        ivan.post("/incidents/" + A + "/reveal", Map.of("_csrf", Http.csrfOf(ivan.get("/incidents/" + A).body()),
                "reason", "Case file for the inquiry board"));
        assertThat(ivan.get("/incidents/" + A + "/export.json").body()).contains("witness_one");
    }

    @Test
    void theJsonApiDoesTheSameUnderTheSameRules() throws Exception {
        Http ivan = new Http(console.url());
        HttpResponse<String> login = ivan.postJson("/api/login", "{\"username\":\"ivan\",\"password\":\"" + ConsoleFixture.PASSWORD + "\"}", null);
        String token = json(login.body()).path("csrf_token").asText();

        HttpResponse<String> view = ivan.get("/api/incidents/" + API);
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode v = json(view.body());
        assertThat(v.path("incident").path("title").asText()).isEqualTo("Police at Hatri took money");
        assertThat(v.path("triage").path("status").asText()).isEqualTo("new");
        assertThat(v.path("triage").path("seq_no").isNull()).isTrue();

        String change = "{\"status\":\"in_review\",\"assignee\":\"ivan\",\"seq_no\":null,\"primary_term\":null}";
        assertThat(ivan.postJson("/api/incidents/" + API + "/triage", change, null).statusCode()).as("no CSRF token").isEqualTo(403);
        HttpResponse<String> changed = ivan.postJson("/api/incidents/" + API + "/triage", change, token);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed.body()).path("triage").path("status").asText()).isEqualTo("in_review");

        HttpResponse<String> stale = ivan.postJson("/api/incidents/" + API + "/triage",
                "{\"status\":\"escalated\",\"assignee\":\"ivan\",\"seq_no\":null,\"primary_term\":null}", token);
        assertThat(stale.statusCode()).isEqualTo(409);
        JsonNode conflict = json(stale.body());
        assertThat(conflict.path("current").path("status").asText()).isEqualTo("in_review");
        long seq = conflict.path("current").path("seq_no").asLong();
        long term = conflict.path("current").path("primary_term").asLong();
        HttpResponse<String> escalated = ivan.postJson("/api/incidents/" + API + "/triage", "{\"status\":\"escalated\",\"seq_no\":" + seq
                + ",\"primary_term\":" + term + "}", token);
        assertThat(escalated.statusCode()).isEqualTo(200);
        assertThat(json(escalated.body()).path("triage").path("assignee").asText()).as("left out, kept").isEqualTo("ivan");
        assertThat(json(escalated.body()).path("triage").path("status").asText()).isEqualTo("escalated");

        assertThat(ivan.postJson("/api/incidents/" + API + "/notes", "{\"text\":\"from the API\"}", token).statusCode()).isEqualTo(200);
        HttpResponse<String> reveal = ivan.postJson("/api/incidents/" + API + "/reveal", "{\"reason\":\"short\"}", token);
        assertThat(reveal.statusCode()).isEqualTo(400);
        assertThat(json(reveal.body()).path("error").asText()).contains("at least 10 characters");
        assertThat(ivan.postJson("/api/incidents/" + API + "/feedback", "{\"post_id\":\"x:1\",\"kind\":\"not_misconduct\"}", token)
                .statusCode()).isEqualTo(400);
        assertThat(ivan.get("/api/incidents/" + API + "/export.json").statusCode()).isEqualTo(200);
        assertThat(ivan.get("/api/incidents/inc-nothing").statusCode()).isEqualTo(404);
    }
}
