package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.testing.JobDocuments.incident;
import static org.nigrani.console.testing.JobDocuments.index;
import static org.nigrani.console.testing.JobDocuments.byAuthor;
import static org.nigrani.console.testing.JobDocuments.postDoc;
import static org.nigrani.console.testing.JobDocuments.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.Browser;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An investigator's day in headless Chromium, through the pages only: sign in by the form, search with text, station,
 * category and a priority range, open an incident from the results, move it to review, assign it, add a note, reveal
 * its authors with a reason; then a supervisor, in a browser of her own, finds each of those acts in the audit trail.
 * And two people changing one incident's triage at once: the second is told, and the first one's change stands. A
 * screenshot of each page goes to console/target/screenshots (walkthrough-*.png); no page may leave an error in the
 * browser's console or open a dialog.
 */
@ExtendWith(SharedElasticsearch.class)
class BrowserWalkthroughITCase {

    static final String TARGET = "inc-target";
    static final String CONFLICT = "inc-conflict";
    static final ObjectNode PREEDY = station("khi-preedy", "Preedy", "Karachi");
    static final ObjectNode FEROZABAD = station("khi-ferozabad", "Ferozabad", "Karachi");
    static final ObjectNode HATRI = station("hyd-hatri", "Hatri", "Hyderabad");

    static ConsoleFixture console;

    @BeforeAll
    static void start() {
        assertThat(Browser.available()).as("Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver; bin/test does it when run as root)").isTrue();
        console = ConsoleFixture.start();
        Es es = console.es();
        // What the search below must find: text "vendor", station Preedy, category violence, priority 50 to 90.
        incident(es, TARGET, "Police beat a vendor at Preedy market", List.of(PREEDY), "Karachi", "violence", List.of("en"),
                "new", null, 85, true, "2024-05-10T12:00:00Z", 50_000);
        incident(es, "inc-second", "Vendor robbed by police near Preedy", List.of(PREEDY), "Karachi", "violence", List.of("ur"),
                "new", null, 61, false, "2024-05-11T12:00:00Z", 900);
        // Each fails exactly one of the filters.
        incident(es, "inc-other-station", "Vendor beaten by police at Ferozabad", List.of(FEROZABAD), "Karachi", "violence",
                List.of("en"), "new", null, 75, false, "2024-05-12T12:00:00Z", 100);
        incident(es, "inc-other-category", "Vendor made to pay at Preedy checkpoint", List.of(PREEDY), "Karachi", "extortion",
                List.of("en"), "new", null, 80, false, "2024-05-13T12:00:00Z", 100);
        incident(es, "inc-too-low", "Vendor pushed at Preedy", List.of(PREEDY), "Karachi", "violence", List.of("en"),
                "new", null, 30, false, "2024-05-14T12:00:00Z", 100);
        incident(es, "inc-too-high", "Vendor shot at Preedy", List.of(PREEDY), "Karachi", "violence", List.of("en"),
                "new", null, 95, true, "2024-05-15T12:00:00Z", 100);
        incident(es, "inc-no-text", "Students harassed near Preedy", List.of(PREEDY), "Karachi", "violence", List.of("en"),
                "new", null, 70, false, "2024-05-16T12:00:00Z", 100);
        incident(es, CONFLICT, "Hatri police took money from every shop", List.of(HATRI), "Hyderabad", "extortion",
                List.of("en"), "new", null, 66, false, "2024-05-17T12:00:00Z", 100);
        post(es, "x:2001", TARGET, "They beat the vendor in front of everyone at Preedy market", "witness_one", "2024-05-10T11:00:00Z");
        post(es, "x:2002", TARGET, "Video: police beating a vendor, Preedy", "witness_two", "2024-05-10T11:30:00Z");
        post(es, "x:2003", CONFLICT, "Hatri police took 500 from every shop", "shopkeeper", "2024-05-17T11:00:00Z");
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.FLAGGED_POSTS);
    }

    static void post(Es es, String id, String incidentId, String text, String author, String time) {
        ObjectNode doc = postDoc(id, incidentId, text, "en", List.of(incidentId.equals(CONFLICT) ? HATRI : PREEDY),
                "violence", 80, false, time);
        index(es, byAuthor(doc, author, id.substring(2)));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void anInvestigatorSearchesTriagesNotesAndRevealsAndASupervisorAuditsIt() {
        String note = "Called the SHO; he denies it. Asked the market union for the video.";
        String reason = "Case 2024/17: the union wants to contact the two witnesses";
        try (Browser ivan = Browser.open(console.url())) {
            ivan.go("/");
            assertThat(ivan.path()).as("sent to sign in").startsWith("/login");
            ivan.waitFor("#sign-in");
            ivan.screenshot("walkthrough-01-login");
            ivan.assertClean();

            ivan.type("#username", "ivan").type("#password", ConsoleFixture.PASSWORD).click("#sign-in");
            assertThat(ivan.path()).isEqualTo("/");
            assertThat(ivan.find("h1").getText()).isEqualTo("Dashboard");
            assertThat(ivan.find("header .who").getText()).contains("ivan");
            assertThat(ivan.findAll("#top-incidents .top-incident a.incident-link")).hasSize(8);
            ivan.screenshot("walkthrough-02-dashboard");
            ivan.assertClean();

            // The search form, filled in as a person would: text, two selects, a priority range.
            ivan.click("header nav a[href='/search']");
            assertThat(ivan.path()).isEqualTo("/search");
            ivan.type("#q", "vendor");
            ivan.select("#f-station", "khi-preedy").select("#f-category", "violence");
            ivan.type("#f-min", "50").type("#f-max", "90");
            ivan.click("#search-submit");
            assertThat(ivan.path()).startsWith("/search?").contains("q=vendor").contains("station=khi-preedy")
                    .contains("category=violence").contains("min=50").contains("max=90");
            assertThat(ivan.find("#total").getText()).isEqualTo("2");
            assertThat(ivan.findAll(".result a.incident-link")).extracting(e -> e.getAttribute("href"))
                    .containsExactly(console.url() + "/incidents/" + TARGET, console.url() + "/incidents/inc-second");
            assertThat(ivan.findAll(".result mark")).extracting(WebElement::getText).contains("vendor", "Vendor");
            // Each facet counts under the other filters: the station facet ignores the station filter, and so on.
            assertThat(facet(ivan, "#facet-station")).containsExactly(Map.entry("Preedy, Karachi", "2"), Map.entry("Ferozabad, Karachi", "1"));
            assertThat(facet(ivan, "#facet-category")).containsExactly(Map.entry("violence", "2"), Map.entry("extortion", "1"));
            assertThat(ivan.find("#facet-station li.active").getText()).startsWith("Preedy, Karachi");
            // The form shows the search it made.
            assertThat(ivan.find("#q").getAttribute("value")).isEqualTo("vendor");
            assertThat(ivan.selected("#f-station")).isEqualTo("khi-preedy");
            assertThat(ivan.selected("#f-category")).isEqualTo("violence");
            assertThat(ivan.find("#f-min").getAttribute("value")).isEqualTo("50");
            ivan.screenshot("walkthrough-03-search");
            ivan.assertClean();

            ivan.click(".result a.incident-link[href='/incidents/" + TARGET + "']");
            assertThat(ivan.path()).isEqualTo("/incidents/" + TARGET);
            assertThat(ivan.find("#incident-title").getText()).isEqualTo("Police beat a vendor at Preedy market");
            assertThat(ivan.find("p.incident-id").getText()).contains("triage: new");
            assertThat(ivan.findAll("#posts .post")).hasSize(2);
            assertThat(ivan.findAll("#posts .post .author")).extracting(WebElement::getText).containsExactly("hidden", "hidden");
            assertThat(ivan.selected("#status")).isEqualTo("new");
            ivan.screenshot("walkthrough-04-incident-before");
            ivan.assertClean();

            ivan.select("#status", "in_review").type("#assignee", "sara").click("#triage-submit");
            assertThat(ivan.find(".notice").getText()).isEqualTo("Triage saved.");
            assertThat(ivan.find("p.incident-id").getText()).contains("triage: in review, assigned to sara");
            assertThat(ivan.selected("#status")).isEqualTo("in_review");
            assertThat(ivan.find("#assignee").getAttribute("value")).isEqualTo("sara");
            assertThat(ivan.findAll("#triage-history .history-row")).hasSize(2);

            ivan.type("#note", note).click("#note-submit");
            assertThat(ivan.find(".notice").getText()).isEqualTo("Note added.");
            assertThat(ivan.findAll("#notes .note .note-text")).extracting(WebElement::getText).containsExactly(note);

            ivan.type("#reveal-reason", reason).click("#reveal-submit");
            assertThat(ivan.find("#revealed").getText()).contains("shown for this incident");
            assertThat(ivan.findAll("#reveal-form")).isEmpty();
            assertThat(ivan.findAll("#posts .post .author")).extracting(WebElement::getText)
                    .containsExactly("witness_two", "witness_one");
            assertThat(ivan.findAll("#posts .post .post-url a")).extracting(e -> e.getAttribute("href"))
                    .containsExactly("https://x.com/witness_two/status/2002", "https://x.com/witness_one/status/2001");
            ivan.screenshot("walkthrough-05-incident-after");
            ivan.assertClean();
        }

        try (Browser sara = Browser.open(console.url())) {
            sara.signIn("sara", ConsoleFixture.PASSWORD);
            assertThat(sara.path()).isEqualTo("/");
            sara.click("header nav a[href='/audit']");
            sara.type("#a-incident", TARGET).click("#audit-submit");
            assertThat(sara.path()).contains("incident=" + TARGET);
            List<WebElement> rows = sara.findAll("#audit-table .audit-row");
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.findElement(By.cssSelector(".audit-user")).getText()).startsWith("ivan");
                assertThat(r.findElement(By.cssSelector(".audit-incident")).getText()).isEqualTo(TARGET);
            });
            // Newest first: the reveal, the view after it, the note, ... back to the first view from the search.
            assertThat(rows).extracting(r -> cell(r, ".audit-action")).contains(AuditLog.VIEW_INCIDENT, AuditLog.TRIAGE,
                    AuditLog.NOTE, AuditLog.REVEAL_AUTHORS).endsWith(AuditLog.VIEW_INCIDENT);
            WebElement triage = only(rows, AuditLog.TRIAGE);
            assertThat(cell(triage, ".audit-before")).contains("\"status\":\"new\"").contains("\"assignee\":null");
            assertThat(cell(triage, ".audit-after")).contains("\"status\":\"in_review\"").contains("\"assignee\":\"sara\"");
            assertThat(cell(only(rows, AuditLog.NOTE), ".audit-after")).contains(note);
            assertThat(cell(only(rows, AuditLog.REVEAL_AUTHORS), ".audit-reason")).isEqualTo(reason);
            List<String> actions = rows.stream().map(r -> cell(r, ".audit-action")).toList();
            assertThat(actions.indexOf(AuditLog.REVEAL_AUTHORS)).as("the reveal is newer than the note")
                    .isLessThan(actions.indexOf(AuditLog.NOTE));
            assertThat(actions.indexOf(AuditLog.NOTE)).as("the note is newer than the triage").isLessThan(actions.indexOf(AuditLog.TRIAGE));
            sara.screenshot("walkthrough-06-audit");
            sara.assertClean();
        }
    }

    @Test
    void ofTwoBrowsersChangingOneIncidentTheSecondIsToldAndTheFirstChangeStands() {
        try (Browser ivan = Browser.open(console.url()); Browser sara = Browser.open(console.url())) {
            ivan.signIn("ivan", ConsoleFixture.PASSWORD);
            sara.signIn("sara", ConsoleFixture.PASSWORD);
            ivan.go("/incidents/" + CONFLICT);
            ivan.select("#status", "in_review").type("#assignee", "ivan").click("#triage-submit");
            assertThat(ivan.find(".notice").getText()).isEqualTo("Triage saved.");

            // Both have the incident open, in review; each decides differently.
            ivan.go("/incidents/" + CONFLICT);
            sara.go("/incidents/" + CONFLICT);
            assertThat(sara.selected("#status")).isEqualTo("in_review");
            ivan.select("#status", "escalated").click("#triage-submit");
            assertThat(ivan.find(".notice").getText()).isEqualTo("Triage saved.");
            sara.select("#status", "dismissed").type("#assignee", "sara").click("#triage-submit");

            assertThat(sara.find("#conflict").getText()).contains("Changed by ivan since you opened it")
                    .contains("escalated");
            assertThat(sara.selected("#status")).as("the form shows what is stored now").isEqualTo("escalated");
            assertThat(sara.find("#assignee").getAttribute("value")).isEqualTo("ivan");
            sara.screenshot("walkthrough-07-conflict");
            assertThat(sara.openDialog()).isNull();
            assertThat(sara.consoleErrors()).as("only the conflict's own status line").allMatch(e -> e.contains("status of 409"));

            JsonNode stored = console.es().get(Indices.TRIAGE, CONFLICT).path("_source");
            assertThat(stored.path("status").asText()).isEqualTo("escalated");
            assertThat(stored.path("assignee").asText()).isEqualTo("ivan");
            assertThat(stored.path("history")).allMatch(h -> h.path("by").asText().equals("ivan"));
            ivan.go("/incidents/" + CONFLICT);
            assertThat(ivan.find("p.incident-id").getText()).contains("triage: escalated, assigned to ivan");
            ivan.assertClean();
        }
    }

    /** A facet list's labels and counts, in the page's order. */
    static Map<String, String> facet(Browser b, String css) {
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement li : b.findAll(css + " li")) {
            out.put(li.findElement(By.cssSelector("a, span:not(.count)")).getText(),
                    li.findElement(By.cssSelector(".count")).getText());
        }
        return out;
    }

    static String cell(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText();
    }

    static WebElement only(List<WebElement> rows, String action) {
        List<WebElement> matching = rows.stream().filter(r -> cell(r, ".audit-action").equals(action)).toList();
        assertThat(matching).as(action).hasSize(1);
        return matching.get(0);
    }
}
