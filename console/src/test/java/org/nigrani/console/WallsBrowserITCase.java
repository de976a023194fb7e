package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.testing.JobDocuments.incident;
import static org.nigrani.console.testing.JobDocuments.index;
import static org.nigrani.console.testing.JobDocuments.byAuthor;
import static org.nigrani.console.testing.JobDocuments.postDoc;
import static org.nigrani.console.testing.JobDocuments.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.Browser;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.DashboardData;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.openqa.selenium.WebElement;

/**
 * A conflict-of-interest wall as an investigator meets it in the browser: no trace of the walled station's incidents
 * (one about it alone, one about it and an open station) on the dashboard, in search results of both kinds, their
 * facets and filter choices, on the incident pages (the page for a missing incident), in the API or the case file.
 * Over HTTP, what the other tests leave out: triage and feedback on a walled incident, by form and by API, answer 404
 * and store nothing.
 */
@ExtendWith(SharedElasticsearch.class)
class WallsBrowserITCase {

    static final ObjectNode PREEDY = station("khi-preedy", "Preedy", "Karachi");
    static final ObjectNode FEROZABAD = station("khi-ferozabad", "Ferozabad", "Karachi");
    /** Words only the walled incidents and their posts have. */
    static final List<String> TRACES = List.of("khi-ferozabad", "Ferozabad", "lockup", "inc-walled", "inc-mixed",
            "walled_witness", "x:3002", "x:3003");

    static ConsoleFixture console;

    @BeforeAll
    static void start() {
        assertThat(Browser.available()).as("Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver; bin/test does it when run as root)").isTrue();
        console = ConsoleFixture.start();
        Es es = console.es();
        new Users(es).add("wally", ConsoleFixture.PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of("khi-ferozabad"), "test");
        incident(es, "inc-open", "Vendor beaten at Preedy market", List.of(PREEDY), "Karachi", "violence", List.of("en"), "new",
                null, 60, true, "2024-05-10T12:00:00Z", 100);
        incident(es, "inc-walled", "Vendor beaten in the lockup", List.of(FEROZABAD), "Karachi", "extortion", List.of("ur"),
                "new", null, 95, true, "2024-05-12T12:00:00Z", 900);
        incident(es, "inc-mixed", "Vendor dragged from Preedy to the lockup", List.of(PREEDY, FEROZABAD), "Karachi",
                "unlawful_detention", List.of("en"), "new", null, 90, false, "2024-05-11T12:00:00Z", 500);
        post(es, "x:3001", "inc-open", "vendor beaten at Preedy market", PREEDY, "open_witness");
        post(es, "x:3002", "inc-walled", "vendor beaten in the lockup", FEROZABAD, "walled_witness");
        // Its own text names only Preedy; its incident is behind the wall all the same.
        post(es, "x:3003", "inc-mixed", "vendor dragged away from the lockup", PREEDY, "walled_witness");
        es.put(Indices.ALERTS, "a-walled", DashboardData.alert("a-walled", "first", "email", "sent", "khi-ferozabad", "inc-walled",
                "2024-05-12T13:00:00Z"), Es.Refresh.NONE);
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.FLAGGED_POSTS);
        es.refresh(Indices.ALERTS);
    }

    static void post(Es es, String id, String incidentId, String text, ObjectNode station, String author) {
        index(es, byAuthor(postDoc(id, incidentId, text, "en", List.of(station), "violence", 70, false, "2024-05-10T11:00:00Z"),
                author, id.substring(2)));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aWalledInvestigatorFindsNoTraceOfTheStationInTheBrowser() {
        try (Browser wally = Browser.open(console.url())) {
            wally.signIn("wally", ConsoleFixture.PASSWORD);
            assertThat(wally.path()).isEqualTo("/");
            assertThat(wally.findAll("#top-incidents a.incident-link")).extracting(e -> e.getAttribute("href"))
                    .containsExactly(console.url() + "/incidents/inc-open");
            assertThat(wally.findAll("#chart-stations polyline")).hasSize(1);
            assertThat(wally.findAll("#alerts-table .alert-row")).isEmpty();
            noTrace(wally, "the dashboard");
            wally.screenshot("walls-01-dashboard");

            for (String qs : List.of("", "q=lockup", "q=vendor", "kind=posts", "kind=posts&q=lockup", "kind=posts&q=vendor",
                    "sort=recent&video=true", "category=extortion", "category=unlawful_detention")) {
                wally.go("/search?" + qs);
                noTrace(wally, "search " + qs);
                assertThat(facetKeys(wally, "#facet-station")).as(qs).isSubsetOf("Preedy, Karachi");
                assertThat(wally.findAll("#f-station option")).extracting(e -> e.getAttribute("value")).as(qs)
                        .isSubsetOf("", "khi-preedy");
                assertThat(wally.findAll(".result a.incident-link")).extracting(e -> e.getAttribute("href")).as(qs)
                        .allMatch(h -> h.endsWith("/incidents/inc-open"));
            }
            wally.go("/search?q=vendor");
            assertThat(wally.find("#total").getText()).isEqualTo("1");
            assertThat(facetKeys(wally, "#facet-category")).containsOnly("violence");
            wally.screenshot("walls-02-search");
            // Asking for the walled station by name finds nothing (the form keeps what he typed, nothing more).
            wally.go("/search?station=khi-ferozabad&kind=posts");
            assertThat(wally.find("#total").getText()).isEqualTo("0");
            noTrace(wally, "a search for the walled station");

            // The pages of both walled incidents are the page for one that does not exist.
            wally.go("/incidents/inc-nothing");
            String missing = wally.find("main").getAttribute("innerHTML");
            for (String id : List.of("inc-walled", "inc-mixed")) {
                wally.go("/incidents/" + id);
                assertThat(wally.find("h1").getText()).isEqualTo("No such incident");
                assertThat(wally.find("main").getAttribute("innerHTML")).as(id).isEqualTo(missing);
                noTrace(wally, "the page of " + id);
                wally.go("/api/incidents/" + id);
                assertThat(wally.find("body").getText()).contains("{\"error\":\"no such incident\"}");
                for (String path : List.of("/incidents/%s/export.json", "/incidents/%s/export.csv",
                        "/api/incidents/%s/export.json", "/api/incidents/%s/export.csv")) {
                    Map<String, Object> r = wally.fetch(String.format(path, id));
                    assertThat(r.get("status")).as(path + " " + id).isEqualTo(404L);
                    for (String trace : TRACES) {
                        assertThat((String) r.get("body")).as(path + " " + id).doesNotContain(trace);
                    }
                }
            }
            wally.go("/incidents/inc-walled");
            wally.screenshot("walls-03-no-such-incident");
            assertThat(wally.openDialog()).isNull();
            assertThat(wally.consoleErrors()).as("only the 404s' own status lines").allMatch(e -> e.contains("status of 404"));
        }
    }

    @Test
    void triageAndFeedbackOnAWalledIncidentAnswerNotFoundAndStoreNothing() throws Exception {
        Http wally = new Http(console.url());
        assertThat(wally.login("wally", ConsoleFixture.PASSWORD).statusCode()).isEqualTo(302);
        String csrf = Http.csrfOf(wally.get("/incidents/inc-open").body());
        for (String id : List.of("inc-walled", "inc-mixed")) {
            HttpResponse<String> triage = wally.post("/incidents/" + id + "/triage", Map.of("_csrf", csrf, "status", "in_review",
                    "assignee", "wally", "seq_no", "", "primary_term", ""));
            assertThat(triage.statusCode()).as(id).isEqualTo(404);
            HttpResponse<String> feedback = wally.post("/incidents/" + id + "/feedback", Map.of("_csrf", csrf, "post_id",
                    id.equals("inc-walled") ? "x:3002" : "x:3003", "kind", "not_misconduct", "value", ""));
            assertThat(feedback.statusCode()).as(id).isEqualTo(404);
            assertThat(wally.postJson("/api/incidents/" + id + "/triage", "{\"status\":\"in_review\",\"assignee\":\"wally\","
                    + "\"seq_no\":null,\"primary_term\":null}", csrf).statusCode()).as(id).isEqualTo(404);
            HttpResponse<String> apiFeedback = wally.postJson("/api/incidents/" + id + "/feedback",
                    "{\"post_id\":\"x:3002\",\"kind\":\"not_misconduct\"}", csrf);
            assertThat(apiFeedback.statusCode()).as(id).isEqualTo(404);
            for (HttpResponse<String> r : List.of(triage, feedback, apiFeedback)) {
                for (String trace : TRACES) {
                    assertThat(r.body()).doesNotContain(trace);
                }
            }
            JsonNode stored = console.es().get(Indices.TRIAGE, id);
            assertThat(stored == null || !stored.path("found").asBoolean()).as("no triage stored for " + id).isTrue();
            assertThat(console.es().get(Indices.INCIDENTS, id).at("/_source/nigrani/triage/status").asText()).isEqualTo("new");
        }
        console.es().refresh(Indices.FEEDBACK);
        ObjectNode all = Es.JSON.createObjectNode();
        all.put("track_total_hits", true);
        assertThat(console.es().search(Indices.FEEDBACK, all).at("/hits/total/value").asLong()).as("feedback stored").isZero();
        List<JsonNode> refused = new AuditLog(console.es(), Clock.systemUTC()).read(new AuditLog.Filter("wally", null, null, null,
                null, 0));
        assertThat(refused).filteredOn(e -> e.path("action").asText().equals(AuditLog.TRIAGE)
                || e.path("action").asText().equals(AuditLog.FEEDBACK)).hasSize(8)
                .allMatch(e -> e.path("target").asText().equals("refused_walled"));

        // The same requests from an investigator without the wall reach both incidents: the fixture is what it seems.
        Http ivan = new Http(console.url());
        ivan.login("ivan", ConsoleFixture.PASSWORD);
        assertThat(ivan.get("/incidents/inc-walled").statusCode()).isEqualTo(200);
        assertThat(ivan.get("/incidents/inc-mixed").body()).contains("lockup").contains("Ferozabad");
    }

    /**
     * The page names neither the walled station nor its incidents, posts or witnesses; the search form and the link to
     * the search are left out, as they only repeat what the user asked for.
     */
    static void noTrace(Browser b, String where) {
        String source = (String) b.script("const page = document.documentElement.cloneNode(true);"
                + "page.querySelectorAll('#search-form, #search-link').forEach(e => e.remove());"
                + "return page.outerHTML;");
        for (String trace : TRACES) {
            assertThat(source).as(where).doesNotContainIgnoringCase(trace);
        }
    }

    static List<String> facetKeys(Browser b, String css) {
        return b.findAll(css + " li a, " + css + " li > span:not(.count)").stream().map(WebElement::getText).toList();
    }
}
