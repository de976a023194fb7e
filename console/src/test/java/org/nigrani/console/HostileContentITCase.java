package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.testing.JobDocuments.evidenceItem;
import static org.nigrani.console.testing.JobDocuments.incidentDoc;
import static org.nigrani.console.testing.JobDocuments.index;
import static org.nigrani.console.testing.JobDocuments.postDoc;
import static org.nigrani.console.testing.JobDocuments.station;
import static org.nigrani.console.testing.JobDocuments.withEvidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.nigrani.console.testing.DashboardData;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.evidence.Sha256;
import org.openqa.selenium.WebElement;

/**
 * Strangers' words in headless Chromium: incidents and posts whose titles, texts, handles, media URLs and station-like
 * fields are script injections, event handlers, {@code javascript:} URLs, style and attribute breakouts, frames,
 * template syntax, a right-to-left override inside a handle and a megabyte of text. Each payload, if it ever ran,
 * would set {@code window.__xss}, rename the page to PWNED and open an alert. On every page that shows them (the
 * dashboard, search results of both kinds with the payloads highlighted, facets and filters, the incident page with its
 * authors revealed, the audit trail with a hostile reveal reason, note and user name, the login page, a missing page)
 * the browser must show them as text: no dialog, no marker, no console error, no script, frame, style or event
 * handler from the data in the DOM, no {@code javascript:} or {@code data:} URL in a link or an image, the override
 * isolated, and no page made wider than the window by strangers' words (station-like keywords, which come from the
 * job's directory and classifier, may widen a results table: not checked where they show). Every response carries the
 * CSP. The megabyte post: its page loads in well under five seconds and shows the first 2,000 characters.
 */
@ExtendWith(SharedElasticsearch.class)
class HostileContentITCase {

    static final String SCRIPT = "<script>window.__xss='script';document.title='PWNED';alert(1)</script>";
    static final String IMG = "<img src=x onerror=\"window.__xss='img';document.title='PWNED';alert(2)\">";
    static final String SVG = "<svg onload=\"window.__xss='svg';document.title='PWNED';alert(3)\">";
    static final String LINK = "<a href=\"javascript:window.__xss='link';document.title='PWNED';alert(4)\">click</a>";
    static final String JS_URL = "javascript:window.__xss='url';document.title='PWNED';alert(5)";
    static final String STYLE = "<style>body{display:none}</style>";
    /** Breaks out of a quoted attribute, if anything lets it: a style, and a handler that runs without a click. */
    static final String ATTR = "\" style=\"background:url(javascript:window.__xss='attr';alert(6))\" autofocus "
            + "onfocus=\"window.__xss='attr';document.title='PWNED'\" x=\"";
    static final String IFRAME = "<iframe srcdoc=\"<script>parent.__xss='iframe';parent.document.title='PWNED';alert(7)</script>\"></iframe>";
    static final String TEXTAREA = "</textarea><script>window.__xss='textarea';document.title='PWNED';alert(8)</script>";
    static final String TEMPLATES = "{{7*7}} ${7*7}";
    /** Shows as "witnessexe.png" where the override is not contained. */
    static final String RLO_HANDLE = "witness\u202Egnp.exe";
    static final String LONG_WORD = "W".repeat(3_000);
    static final List<String> PAYLOADS = List.of(SCRIPT, IMG, SVG, LINK, STYLE, ATTR, IFRAME, TEXTAREA, TEMPLATES,
            "@" + RLO_HANDLE, LONG_WORD);
    static final String ALL = String.join(" ", PAYLOADS.subList(0, PAYLOADS.size() - 1));
    static final String HOSTILE_STATION_ID = "\"><svg onload=window.__xss='station'>";
    /** A user name as long as the form takes (64), in one piece. */
    static final String HOSTILE_LOGIN = "\"><svg/onload=window.__xss='login';document.title='PWNED'>";

    static final List<String> MARKUP = List.of(SCRIPT, IMG, SVG, LINK, STYLE, ATTR, IFRAME, TEXTAREA);
    static final ObjectNode PREEDY = station("khi-preedy", "Preedy", "Karachi");

    /** A post as the job kept it: its text a payload, and the handle with the override. */
    static final byte[] SNAPSHOT = ("{\"text\":\"" + SCRIPT + "\",\"user\":\"" + RLO_HANDLE + "\"}").getBytes(StandardCharsets.UTF_8);
    static final String SNAPSHOT_SHA = sha256(SNAPSHOT);

    static final String HOSTILE = "inc-hostile";
    static final String BIG = "inc-big";
    /** The megabyte post: a payload at each end, words between. */
    static final String MEGABYTE;

    static {
        StringBuilder sb = new StringBuilder("vendor " + SCRIPT + " ");
        while (sb.length() < 1_048_576 - IMG.length() - 1) {
            sb.append("lathi charge at the gate ");
        }
        MEGABYTE = sb.append(' ').append(IMG).toString();
    }

    static ConsoleFixture console;

    @BeforeAll
    static void start() {
        assertThat(Browser.available()).as("Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver; bin/test does it when run as root)").isTrue();
        console = ConsoleFixture.start();
        Es es = console.es();
        try {
            Path file = Files.createTempFile("snapshot", ".json");
            Files.write(file, SNAPSHOT);
            console.evidence().put(file, SNAPSHOT_SHA, "application/json");
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Strangers' words: one incident per payload, leading its title (the dashboard cuts titles).
        for (int i = 0; i < PAYLOADS.size(); i++) {
            index(es, incidentDoc("inc-h" + i, PAYLOADS.get(i) + " vendor report " + i, List.of(PREEDY), "Karachi", "violence",
                    List.of("en"), "new", null, 90 - i, true, String.format("2024-05-%02dT12:00:00Z", 10 + i), 1000L * i));
        }
        // The job fills station-like fields from its directory and its classifier, not from posts; the mapping takes any
        // keyword all the same. Dismissed, so they stay off the dashboard's list; found by the word "precinct".
        for (int i = 0; i < MARKUP.size(); i++) {
            String p = MARKUP.get(i);
            ObjectNode doc = incidentDoc("inc-s" + i, "precinct record " + i, List.of(station(i == 0 ? HOSTILE_STATION_ID : "khi-s" + i,
                    p, p)), p, i % 2 == 0 ? p : "violence", List.of(i == 1 ? p : "en"), "dismissed", p.equals(ATTR) ? ATTR : null,
                    5 + i, true,
                    String.format("2024-05-%02dT13:00:00Z", 10 + i), 10L * i);
            ObjectNode n = (ObjectNode) doc.path("nigrani");
            n.putArray("victims").add(p);
            n.putArray("officers").addObject().put("rank", p).put("count", 2);
            n.putObject("media").put("type", "video").put("url", JS_URL).put("preview_url", JS_URL).put("views", 10);
            index(es, doc);
        }
        ObjectNode alert = DashboardData.alert("alert-hostile", "first", "email", "sent", HOSTILE_STATION_ID, "inc-s0",
                "2024-05-10T14:00:00Z");
        ((ObjectNode) alert.path("alert")).put("subject", "[Nigrani P1] " + SVG + ", " + IFRAME);
        es.put(Indices.ALERTS, "alert-hostile", alert, Es.Refresh.NONE);
        index(es, incidentDoc(HOSTILE, ALL + " vendor", List.of(PREEDY), "Karachi", "violence", List.of("en"), "new", null, 99,
                true, "2024-05-30T12:00:00Z", 52_000));
        ObjectNode one = post("x:901", HOSTILE, "vendor " + ALL, RLO_HANDLE, "https://x.com/" + RLO_HANDLE + "/status/901",
                "2024-05-30T11:00:00Z");
        ArrayNode media = ((ObjectNode) one.path("nigrani")).putArray("media");
        media.addObject().put("type", "video").put("url", JS_URL).put("preview_url", JS_URL);
        media.addObject().put("type", "photo").put("url", "data:text/html,<script>window.__xss='data'</script>")
                .put("preview_url", "data:image/svg+xml,<svg onload=\"window.__xss='data-img'\"/>");
        media.addObject().put("type", "video").put("url", " " + JS_URL).put("preview_url", "//evil.example/p.jpg");
        media.addObject().put("type", "video").put("url", "https://x.com/" + RLO_HANDLE + " /video/1").put("view_count", 10);
        media.addObject().put("type", "video").put("url", "https://video.example.org/v\"><script>window.__xss='url2'</script>")
                .put("preview_url", "https://img.example.org/p.jpg\" onerror=\"window.__xss='preview'");
        // What the job recorded of it: a snapshot kept (its bytes a payload too), and fetches refused with hostile reasons.
        withEvidence(one,
                evidenceItem("snapshot", JS_URL, "captured", null, SNAPSHOT_SHA, (long) SNAPSHOT.length, "application/json",
                        "2024-05-30T11:00:05Z", null),
                evidenceItem("image", "data:text/html,<script>window.__xss='evidence'</script>", "refused",
                        "address: " + SCRIPT + " @" + RLO_HANDLE + " " + LONG_WORD, null, null, null, "2024-05-30T11:00:05Z", null),
                evidenceItem(IMG, "https://video.example.org/e\"><script>window.__xss='evidence2'</script>", "failed", ATTR,
                        null, null, TEXTAREA, "2024-05-30T11:00:05Z", null));
        ((ObjectNode) one.path("nigrani").path("classifier")).putArray("why").add(SCRIPT).add("@" + RLO_HANDLE);
        ((ObjectNode) one.path("nigrani")).put("victims", IMG);
        index(es, one);
        ObjectNode two = post("x:902", HOSTILE, "vendor " + LONG_WORD + " " + TEXTAREA, IMG + LONG_WORD, JS_URL, "2024-05-30T11:10:00Z");
        ((ObjectNode) two.path("nigrani").path("classifier")).putArray("why").add(LONG_WORD).add(IMG);
        index(es, two);
        index(es, post("x:903", HOSTILE, TEMPLATES + " vendor " + STYLE + ATTR, SCRIPT,
                "https://x.com/a\"onmouseover=\"window.__xss='href'/status/903", "2024-05-30T11:20:00Z"));
        index(es, incidentDoc(BIG, "A megabyte of vendor text " + SCRIPT, List.of(PREEDY),
                "Karachi", "violence", List.of("en"), "new", null, 50, false, "2024-05-29T12:00:00Z", 10));
        index(es, post("x:999", BIG, MEGABYTE, "big_writer", "https://x.com/big_writer/status/999", "2024-05-29T11:00:00Z"));
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.FLAGGED_POSTS);
        es.refresh(Indices.ALERTS);
    }

    static ObjectNode post(String id, String incidentId, String text, String author, String url, String time) {
        ObjectNode doc = postDoc(id, incidentId, text, "en", List.of(PREEDY), "violence", 90,
                true, time);
        doc.putObject("user").put("name", author);
        doc.putObject("url").put("full", url);
        return doc;
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    // ---------------------------------------------------------------- every page, in the browser

    @Test
    void strangersWordsStayTextOnEveryPage() {
        String note = "Note: " + IFRAME + " " + TEXTAREA + " " + TEMPLATES + " " + ATTR + " @" + RLO_HANDLE;
        String reason = "Reason: " + SCRIPT + " " + TEXTAREA + " @" + RLO_HANDLE;
        try (Browser ivan = Browser.open(console.url())) {
            // A hostile address to come back to after signing in, and a hostile user name.
            ivan.go("/login?next=" + enc("/\"><script>window.__xss='next'</script>"));
            inert(ivan, "login page with a hostile next");
            ivan.type("#username", HOSTILE_LOGIN).type("#password", "wrong password").click("#sign-in");
            assertThat(ivan.find("#login-error").getText()).isEqualTo("Wrong user name or password.");
            inert(ivan, "failed sign-in with a hostile name", 401);

            // The form kept the hostile address; signing in goes there, to a page that does not exist.
            ivan.type("#username", "ivan").type("#password", ConsoleFixture.PASSWORD).click("#sign-in");
            assertThat(ivan.path()).startsWith("/%22%3E%3Cscript%3E");
            inert(ivan, "the hostile next, followed", 404);
            ivan.go("/");
            inert(ivan, "dashboard");
            List<WebElement> top = ivan.findAll("#top-incidents .top-incident .post-text");
            assertThat(top).hasSize(10);
            assertThat(top.get(0).getText()).startsWith("<script>window.__xss='script'");
            assertThat(top).extracting(WebElement::getText).anyMatch(t -> t.startsWith("<img src=x onerror="))
                    .anyMatch(t -> t.startsWith("{{7*7}} ${7*7}"));
            assertThat(ivan.find("#chart-stations").getText()).contains(HOSTILE_STATION_ID);
            assertThat(ivan.find("#alerts-table").getText()).contains(SVG).contains(IFRAME).contains("Head of " + HOSTILE_STATION_ID);
            ivan.screenshot("hostile-01-dashboard");
            ivan.go("/?days=" + enc(SCRIPT));
            inert(ivan, "dashboard with a hostile window");

            // Search: the payloads highlighted where the query matches them, in incidents and in posts.
            // Where the station-like values show, the results table may grow wider than the window (they are keywords with
            // no place to break); strangers' words never make it so.
            for (String qs : List.of("", "q=precinct", "kind=posts", "city=" + enc(IMG), "station=" + enc(HOSTILE_STATION_ID))) {
                ivan.go("/search?" + qs);
                inert(ivan, "search " + qs, 200, false);
            }
            for (String qs : List.of("q=vendor", "q=script", "q=onerror+srcdoc", "kind=posts&q=vendor", "kind=posts&q=script",
                    "kind=posts&q=" + enc("textarea {{7*7}}"), "q=" + enc(ATTR), "q=" + enc(TEXTAREA),
                    "category=" + enc(IFRAME), "lang=" + enc(IMG), "q=x&assignee=" + enc(SCRIPT))) {
                ivan.go("/search?" + qs);
                // Category, language and assignee must look like one: refused, the form shown again with the value.
                boolean refused = qs.startsWith("category") || qs.startsWith("lang") || qs.contains("assignee");
                inert(ivan, "search " + qs, refused ? 400 : 200);
            }
            ivan.go("/search?q=" + enc(ATTR));
            assertThat(ivan.find("#q").getAttribute("value")).as("an attribute's value, not attributes").isEqualTo(ATTR);
            ivan.go("/search?q=precinct");
            assertThat(ivan.findAll(".result .assignee")).extracting(WebElement::getText).contains(ATTR.strip());
            assertThat(ivan.findAll(".result .station")).extracting(e -> e.getAttribute("title")).contains(HOSTILE_STATION_ID);
            ivan.go("/search?q=script");
            List<WebElement> marked = ivan.findAll(".result .post-text mark");
            assertThat(marked).isNotEmpty().extracting(WebElement::getText).allMatch(t -> t.equalsIgnoreCase("script"));
            assertThat(ivan.findAll(".result .post-text")).extracting(WebElement::getText)
                    .anyMatch(t -> t.startsWith("<script>window.__xss='script';document.title='PWNED';alert(1)</script>"));
            ivan.screenshot("hostile-02-search-incidents");
            ivan.go("/search?kind=posts&q=vendor");
            assertThat(ivan.findAll(".result .post-text")).extracting(WebElement::getText)
                    .anyMatch(t -> t.contains("{{7*7}} ${7*7}")).anyMatch(t -> t.contains("<script>window.__xss='script'"));
            ivan.screenshot("hostile-03-search-posts");
            // The hostile station id is a facet like any other: following it finds its incident.
            ivan.go("/search");
            WebElement facet = ivan.findAll("#facet-station a").stream()
                    .filter(a -> a.getText().equals(HOSTILE_STATION_ID)).findFirst().orElseThrow();
            facet.click();
            ivan.waitFor("#total");
            assertThat(ivan.find("#total").getText()).isEqualTo("1");
            assertThat(ivan.selected("#f-station")).isEqualTo(HOSTILE_STATION_ID);
            assertThat(ivan.find(".result a.incident-link").getAttribute("href")).endsWith("/incidents/inc-s0");
            inert(ivan, "search by the hostile station", 200, false);

            // The incidents: each payload's own, then the one with everything, before and after its authors are revealed.
            for (int i = 0; i < PAYLOADS.size(); i++) {
                ivan.go("/incidents/inc-h" + i);
                inert(ivan, "incident inc-h" + i);
                assertThat(ivan.find("#incident-title").getText()).startsWith(PAYLOADS.get(i).substring(0, 12));
            }
            for (int i = 0; i < MARKUP.size(); i++) {
                ivan.go("/incidents/inc-s" + i);
                inert(ivan, "incident inc-s" + i, 200, false);
                assertThat(ivan.find("#stations").getText()).startsWith(MARKUP.get(i).substring(0, 12));
            }
            ivan.go("/incidents/" + HOSTILE);
            inert(ivan, "incident page");
            assertThat(ivan.find("#incident-title").getText()).isEqualTo(ALL + " vendor");
            assertThat(ivan.findAll("#posts .post .author")).extracting(WebElement::getText).containsOnly("hidden");
            ivan.type("#note", note).click("#note-submit");
            assertThat(ivan.find(".notice").getText()).isEqualTo("Note added.");
            ivan.type("#reveal-reason", reason).click("#reveal-submit");
            Map<String, Object> revealed = inert(ivan, "incident page, authors revealed");
            // In the title, the note, a post's text, a classifier word and the author cell; each isolated (checked above).
            assertThat((Long) revealed.get("overrides")).isGreaterThanOrEqualTo(5L);
            assertThat(ivan.findAll("#notes .note-text")).extracting(WebElement::getText).containsExactly(note);
            // What the code does with direction: strangers' text sits in elements of their own direction (dir=auto).
            assertThat(ivan.find("#incident-title .post-text").getAttribute("dir")).isEqualTo("auto");
            assertThat(ivan.findAll("#posts .post .post-text[dir=auto]")).hasSize(3);
            assertThat(ivan.findAll("#notes .note-text[dir=auto]")).hasSize(1);
            // Newest first: x:903, x:902, x:901. Each handle is text in an element of its own direction.
            List<WebElement> authors = ivan.findAll("#posts .post .author span[dir=auto]");
            assertThat(authors).extracting(WebElement::getText).containsExactly(SCRIPT, IMG + LONG_WORD, RLO_HANDLE);
            assertThat(ivan.findAll("#posts .post .post-url")).extracting(WebElement::getText)
                    .as("URLs that may not be links are shown as text")
                    .containsExactly("https://x.com/a\"onmouseover=\"window.__xss='href'/status/903", JS_URL, "open");
            assertThat(ivan.find("#posts .post:nth-child(3) .post-url a").getAttribute("href"))
                    .isEqualTo("https://x.com/witness%E2%80%AEgnp.exe/status/901");
            assertThat(ivan.findAll("#posts .post:nth-child(3) .media .url-text")).extracting(WebElement::getText)
                    .containsExactly(JS_URL, "data:text/html,<script>window.__xss='data'</script>", JS_URL,
                            "https://x.com/" + RLO_HANDLE + " /video/1",
                            "https://video.example.org/v\"><script>window.__xss='url2'</script>");
            assertThat(ivan.findAll("#posts img")).as("no preview here may load").isEmpty();
            ivan.screenshot("hostile-04-incident-revealed");

            // The case file: offered as a download of data, never as a page.
            assertThat(ivan.find("#export-json").getAttribute("href")).isEqualTo(console.url() + "/incidents/" + HOSTILE + "/export.json");
            assertThat(ivan.find("#export-csv").getAttribute("href")).isEqualTo(console.url() + "/incidents/" + HOSTILE + "/export.csv");
            // The evidence items: strangers' reasons and URLs as text; the kept snapshot a download, sandboxed.
            assertThat(ivan.findAll("#posts .post:nth-child(3) .evidence .url-text")).extracting(WebElement::getText)
                    .containsExactly(JS_URL, "data:text/html,<script>window.__xss='evidence'</script>",
                            "https://video.example.org/e\"><script>window.__xss='evidence2'</script>");
            assertThat(ivan.findAll("#posts .post:nth-child(3) .evidence .evidence-reason")).extracting(WebElement::getText)
                    .containsExactly("(address: " + SCRIPT + " @" + RLO_HANDLE + " " + LONG_WORD + ")", "(" + ATTR + ")");
            assertThat(ivan.findAll("#posts .evidence a.evidence-source")).isEmpty();
            assertThat(ivan.find("#posts .evidence a.evidence-view").getAttribute("href"))
                    .isEqualTo(console.url() + "/incidents/" + HOSTILE + "/evidence/" + SNAPSHOT_SHA);
            Map<String, Object> kept = ivan.fetch(ivan.find("#posts .evidence a.evidence-view").getAttribute("href"));
            assertThat((String) kept.get("csp")).contains("sandbox");
            assertThat((String) kept.get("disposition")).isEqualTo("attachment; filename=\"" + SNAPSHOT_SHA + ".json\"");

            for (String link : List.of("#export-json", "#export-csv", "#posts .evidence a.evidence-view")) {
                Map<String, Object> r = ivan.fetch(ivan.find(link).getAttribute("href"));
                assertThat(r.get("status")).as(link).isEqualTo(200L);
                assertThat((String) r.get("type")).as(link).matches("(application/json|text/csv).*");
                assertThat((String) r.get("disposition")).as(link).startsWith("attachment;");
                assertThat(r.get("nosniff")).as(link).isEqualTo("nosniff");
                assertThat((String) r.get("csp")).as(link).contains("default-src 'none'");
                assertThat((String) r.get("body")).as(link).contains("<script>window.__xss=").contains(RLO_HANDLE);
            }
            inert(ivan, "incident page after the exports");

            // An address that is no page, with markup in it.
            ivan.go("/%22%3E%3Cscript%3Ewindow.__xss='404'%3C/script%3E");
            inert(ivan, "a missing page", 404);
            ivan.go("/incidents/" + enc(IMG));
            inert(ivan, "a hostile incident id", 404);
        }

        try (Browser sara = Browser.open(console.url())) {
            sara.signIn("sara", ConsoleFixture.PASSWORD);
            for (String qs : List.of("", "incident=" + HOSTILE, "action=" + AuditLog.LOGIN_FAILED, "user=" + enc(HOSTILE_LOGIN),
                    "incident=" + enc(SCRIPT), "from=" + enc(IMG))) {
                sara.go("/audit?" + qs);
                inert(sara, "audit " + qs, qs.startsWith("from") ? 400 : 200);
            }
            sara.go("/audit?incident=" + HOSTILE);
            assertThat(sara.findAll("#audit-table .audit-reason .post-text[dir=auto]")).extracting(WebElement::getText).contains(reason);
            String noteAfter = sara.findAll("#audit-table .audit-after").stream().map(WebElement::getText)
                    .filter(t -> t.contains("<iframe srcdoc=")).findFirst().orElseThrow();
            assertThat(noteAfter).contains("</textarea><script>").contains("{{7*7}} ${7*7}");
            // In a JSON dump the override is shown as the escape it is equal to, so the dump's own "} stay in place.
            assertThat(noteAfter).contains("@witness\\u202egnp.exe").doesNotContain("\u202E");
            sara.screenshot("hostile-05-audit");
            sara.go("/audit?action=" + AuditLog.LOGIN_FAILED);
            assertThat(sara.findAll("#audit-table .audit-target bdi")).extracting(WebElement::getText).contains(HOSTILE_LOGIN);
        }
    }

    // ---------------------------------------------------------------- the megabyte

    @Test
    void aMegabytePostLoadsQuicklyAndIsCutWhereTheCodeSays() {
        try (Browser ivan = Browser.open(console.url())) {
            ivan.signIn("ivan", ConsoleFixture.PASSWORD);
            long start = System.nanoTime();
            ivan.go("/incidents/" + BIG);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[hostile] the incident page with a 1 MB post loaded in " + millis + " ms");
            assertThat(millis).as("the page with a 1 MB post, in ms").isLessThan(5_000);
            inert(ivan, "incident with a megabyte post");
            WebElement text = ivan.find("#posts .post .post-text");
            String shown = text.getAttribute("textContent");
            // IncidentRoutes.PAGE_TEXT_CHARS: 2,000 characters and an ellipsis, with a word that the rest is in the case file.
            assertThat(shown.codePointCount(0, shown.length())).isEqualTo(2_001);
            assertThat(shown).startsWith("vendor " + SCRIPT).endsWith("…");
            assertThat(ivan.find("#posts .post .body .meta").getText()).isEqualTo("Cut for the page; the case file has the whole text.");
            assertThat((Long) ivan.script("return document.documentElement.outerHTML.length")).isLessThan(60_000L);
            ivan.screenshot("hostile-06-megabyte-post");

            start = System.nanoTime();
            ivan.go("/search?kind=posts&q=lathi");
            millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[hostile] posts search over the 1 MB post in " + millis + " ms");
            assertThat(millis).isLessThan(5_000);
            inert(ivan, "posts search over the megabyte");
            String snippet = ivan.find(".result .post-text").getAttribute("textContent");
            // SearchBody.SNIPPET_CHARS: 300 characters at most in a result.
            assertThat(snippet.codePointCount(0, snippet.length())).isBetween(50, 301);
            assertThat(ivan.findAll(".result .post-text mark")).extracting(WebElement::getText).contains("lathi");
        }
        Http http = new Http(console.url());
        http.login("ivan", ConsoleFixture.PASSWORD);
        // IncidentRoutes.API_TEXT_CHARS: the API cuts at 20,000; the case file has all of it.
        JsonNode api = json(http.get("/api/incidents/" + BIG).body());
        JsonNode item = api.at("/posts/items/0");
        assertThat(item.path("cut").asBoolean()).isTrue();
        assertThat(item.path("text").asText().length()).isEqualTo(20_001);
        JsonNode file = json(http.get("/incidents/" + BIG + "/export.json").body());
        assertThat(file.at("/posts/0/text").asText()).isEqualTo(MEGABYTE);
    }

    // ---------------------------------------------------------------- the CSP, over HTTP

    @Test
    void everyResponseCarriesTheContentSecurityPolicy() {
        Http adam = new Http(console.url());
        Http anonymous = new Http(console.url());
        List<String> checked = new ArrayList<>();
        checkCsp(anonymous.get("/login"), "GET /login (anonymous)", checked);
        checkCsp(anonymous.get("/"), "GET / (anonymous, redirected)", checked);
        checkCsp(anonymous.get("/api/search"), "GET /api/search (anonymous, 401)", checked);
        checkCsp(anonymous.get("/static/console.css"), "GET /static/console.css", checked);
        checkCsp(anonymous.get("/health"), "GET /health", checked);
        assertThat(adam.login("adam", ConsoleFixture.PASSWORD).statusCode()).isEqualTo(302);
        for (String route : console.app().routes()) {
            if (!route.startsWith("GET ")) {
                continue;
            }
            String path = route.substring(4).replace("{id}", HOSTILE).replace("{name}", "ivan")
                    .replace("{sha256}", SNAPSHOT_SHA);
            assertThat(path).as(route).doesNotContain("{");
            checkCsp(adam.get(path), route, checked);
        }
        checkCsp(adam.get("/search?q=" + enc(SCRIPT)), "GET /search with a hostile query", checked);
        checkCsp(adam.get("/search?min=abc"), "GET /search refused (400)", checked);
        checkCsp(adam.get("/incidents/inc-none"), "GET /incidents/{id} missing (404)", checked);
        checkCsp(adam.get("/no/such/page"), "GET /no/such/page (404)", checked);
        String token = Http.csrfOf(adam.get("/").body());
        checkCsp(adam.post("/incidents/" + HOSTILE + "/notes", Map.of("_csrf", token, "text", "")), "POST notes refused (400)", checked);
        checkCsp(adam.post("/incidents/" + HOSTILE + "/notes", Map.of("text", "no token")), "POST without the token (403)", checked);
        assertThat(checked).contains("GET /", "GET /search", "GET /incidents/{id}", "GET /incidents/{id}/export.json",
                "GET /incidents/{id}/evidence/{sha256}", "GET /incidents/{id}/export.zip",
                "GET /audit", "GET /admin/users", "GET /api/search");
    }

    static void checkCsp(HttpResponse<String> r, String what, List<String> checked) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse(null);
        assertThat(csp).as(what + " (" + r.statusCode() + ")").isNotNull().contains("default-src 'none'")
                .contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        checked.add(what);
    }

    // ---------------------------------------------------------------- what "nothing ran" means

    /**
     * Looks at the page as loaded: no dialog, no marker, no console error, no active element or attribute from the
     * data, no script URL, every right-to-left override contained, nothing wider than the window.
     */
    static Map<String, Object> inert(Browser b, String where) {
        return inert(b, where, 200);
    }

    static Map<String, Object> inert(Browser b, String where, int status) {
        return inert(b, where, status, true);
    }

    /** Returns what the probe found, {@code overrides} the number of text nodes with a right-to-left override among it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inert(Browser b, String where, int status, boolean checkWidth) {
        assertThat(b.openDialog()).as("a dialog on " + where).isNull();
        Map<String, Object> page = (Map<String, Object>) b.script(PROBE);
        assertThat((String) page.get("title")).as("the title of " + where).doesNotContain("PWNED");
        assertThat(page.get("xss")).as("window.__xss on " + where).isNull();
        assertThat(page.get("display")).as("the body on " + where).isNotEqualTo("none");
        assertThat((List<String>) page.get("problems")).as("active content on " + where).isEmpty();
        assertThat((List<String>) page.get("rlo")).as("uncontained right-to-left overrides on " + where).isEmpty();
        if (checkWidth) {
            assertThat((Long) page.get("overflow")).as("horizontal overflow (px) on " + where + ", from " + page.get("wide"))
                    .isLessThanOrEqualTo(0L);
        }
        // A page answered with an error status is logged as such by Chromium; nothing else may be.
        assertThat(b.newConsoleErrors()).as("console errors on " + where)
                .allMatch(e -> status != 200 && e.contains("status of " + status));
        return page;
    }

    static final String PROBE = """
            const problems = [];
            const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background',
                'srcset', 'ping', 'cite', 'manifest', 'codebase'];
            const forbidden = ['SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'STYLE', 'BASE',
                'FOREIGNOBJECT', 'ANIMATE', 'SET', 'TEMPLATE', 'PORTAL'];
            for (const el of document.querySelectorAll('*')) {
              const tag = el.tagName.toUpperCase();
              const shown = el.outerHTML.slice(0, 120);
              if (forbidden.includes(tag)) problems.push('element ' + shown);
              if (tag === 'META' && el.hasAttribute('http-equiv')) problems.push('meta ' + shown);
              if (tag === 'LINK' && !(el.getAttribute('href') || '').startsWith('/static/')) problems.push('link ' + shown);
              for (const a of el.attributes) {
                const name = a.name.toLowerCase();
                if (name.startsWith('on') || ['style', 'srcdoc', 'autofocus', 'formaction'].includes(name)) {
                  problems.push('attribute ' + name + ' on ' + shown);
                }
                if (urlAttributes.includes(name)) {
                  const url = a.value.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, '').toLowerCase();
                  if (/^(javascript|data|vbscript):/.test(url)) problems.push('url ' + shown);
                  if (tag === 'A' && name === 'href' && !/^(\\/(?!\\/)|https?:\\/\\/)/i.test(a.value)) problems.push('link to ' + a.value);
                  if (tag === 'IMG' && name === 'src' && !/^(\\/static\\/|https:\\/\\/)/i.test(a.value)) problems.push('image ' + a.value);
                }
              }
            }
            const rlo = [];
            const isolating = (e) => ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(e).unicodeBidi)
                || ['BDI', 'OPTION', 'TEXTAREA', 'INPUT'].includes(e.tagName);
            let overrides = 0;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (!n.data.includes('\\u202E')) continue;
              overrides++;
              // The override must end where the stranger's value ends: the element holding the text isolates it (a search
              // highlight's <mark> is part of the value; the element around it must).
              const p = n.parentElement;
              if (!(isolating(p) || (p.tagName === 'MARK' && isolating(p.parentElement)))) {
                rlo.push(p.outerHTML.slice(0, 160));
              }
            }
            // What sticks out past the window's right edge, innermost first, to name the culprit when the page is too wide.
            const right = document.documentElement.clientWidth;
            const wide = [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > right + 1)
                .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > right + 1))
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' in ' + e.parentElement.tagName + '.'
                    + e.parentElement.className + ': ' + e.outerHTML.slice(0, 100));
            return {
              wide: wide,
              title: document.title,
              xss: typeof window.__xss === 'undefined' ? null : String(window.__xss),
              display: getComputedStyle(document.body).display,
              problems: problems,
              rlo: rlo,
              overrides: overrides,
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth
            };
            """;

    static JsonNode json(String body) {
        try {
            return Es.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return Sha256.hex(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
