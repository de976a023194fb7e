package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.console.testing.JobDocuments.AUTHOR;
import static org.nigrani.console.testing.JobDocuments.incident;
import static org.nigrani.console.testing.JobDocuments.post;
import static org.nigrani.console.testing.JobDocuments.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;

/**
 * Search, page and API, against the real Elasticsearch with incident and post documents written through the real
 * (strict) index templates: full text, each filter, facets, escaping of highlighted hostile text, sorting, paging,
 * walls, and the URL as the whole query.
 */
@ExtendWith(SharedElasticsearch.class)
class SearchITCase {

    static ConsoleFixture console;
    static Http ivan;
    static Http wally;

    @BeforeAll
    static void start() {
        console = ConsoleFixture.start();
        Es es = console.es();
        incident(es, "inc-a", "Police beat a vendor at Preedy market", List.of(station("khi-preedy", "Preedy", "Karachi")),
                "Karachi", "violence", List.of("en"), "new", null, 85, true, "2024-05-10T12:00:00Z", 50_000);
        incident(es, "inc-b", "Rishwat at Sohrab Goth checkpoint, vendor threatened",
                List.of(station("khi-sohrab-goth", "Sohrab Goth", "Karachi")), "Karachi", "extortion", List.of("ur-Latn"),
                "in_review", "ivan", 62, false, "2024-05-20T12:00:00Z", 900_000);
        incident(es, "inc-c", "Students harassed near Model Town", List.of(station("lhr-model-town", "Model Town", "Lahore")),
                "Lahore", "harassment", List.of("en", "ur"), "escalated", "sara", 45, true, "2024-04-01T12:00:00Z", 10);
        incident(es, "inc-w", "Vendor beaten by police at Ferozabad", List.of(station("khi-ferozabad", "Ferozabad", "Karachi")),
                "Karachi", "violence", List.of("en"), "new", null, 90, true, "2024-05-25T12:00:00Z", 100);
        incident(es, "inc-m", "Vendor dragged from Preedy to Ferozabad lockup",
                List.of(station("khi-preedy", "Preedy", "Karachi"), station("khi-ferozabad", "Ferozabad", "Karachi")),
                "Karachi", "unlawful_detention", List.of("ur"), "new", null, 70, false, "2024-05-15T12:00:00Z", 5_000);
        incident(es, "inc-x", "<script>alert(1)</script> vendor harassed in Lahore",
                List.of(station("lhr-model-town", "Model Town", "Lahore")), "Lahore", "harassment", List.of("en"),
                "dismissed", null, 30, false, "2024-03-01T12:00:00Z", 1);
        for (int i = 0; i < 25; i++) {
            incident(es, String.format("f-%02d", i), "routine report number " + i,
                    List.of(station("isb-secretariat", "Secretariat", "Islamabad")), "Islamabad", "other_misconduct",
                    List.of("en"), "closed", null, i, false, String.format("2024-01-%02dT12:00:00Z", i + 1), i * 10L);
        }
        post(es, "x:1001", "inc-a", "Police beat a vendor at Preedy market <script>alert(1)</script>", "en",
                List.of(station("khi-preedy", "Preedy", "Karachi")), "violence", 85, true, "2024-05-10T11:00:00Z");
        post(es, "x:1002", "inc-b", "rishwat mangi vendor se Sohrab Goth police ne", "ur-Latn",
                List.of(station("khi-sohrab-goth", "Sohrab Goth", "Karachi")), "extortion", 62, false, "2024-05-20T11:00:00Z");
        post(es, "x:1003", "inc-w", "vendor beaten at Ferozabad", "en", List.of(station("khi-ferozabad", "Ferozabad", "Karachi")),
                "violence", 90, true, "2024-05-25T11:00:00Z");
        // Its own text names only Preedy; its incident is behind a Ferozabad wall all the same.
        post(es, "x:1004", "inc-m", "vendor dragged away near Preedy", "ur", List.of(station("khi-preedy", "Preedy", "Karachi")),
                "unlawful_detention", 70, false, "2024-05-15T11:00:00Z");
        post(es, "x:1005", "inc-c", "students harassed at the gate ".repeat(35_000), "en",
                List.of(station("lhr-model-town", "Model Town", "Lahore")), "harassment", 45, true, "2024-04-01T11:00:00Z");
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.FLAGGED_POSTS);
        new Users(es).add("wally", ConsoleFixture.PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of("khi-ferozabad"), "test");
        ivan = signedIn("ivan");
        wally = signedIn("wally");
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void fullTextFindsTitlesAndPostsAndMarksTheMatches() {
        JsonNode r = api(ivan, "q=vendor");
        assertThat(ids(r)).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-w", "inc-m", "inc-x");
        assertThat(r.path("total").asLong()).isEqualTo(5);
        assertThat(hit(r, "inc-a").path("title_html").asText()).isEqualTo("Police beat a <mark>vendor</mark> at Preedy market");
        assertThat(hit(r, "inc-a").path("title").asText()).isEqualTo("Police beat a vendor at Preedy market");
        assertThat(ids(api(ivan, "q=" + enc("\"beat a vendor\"")))).containsExactly("inc-a");
        assertThat(ids(api(ivan, "q=" + enc("vendor -ferozabad")))).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-x");
        assertThat(ids(api(ivan, "q=" + enc("vendor police")))).containsExactlyInAnyOrder("inc-a", "inc-w");
        assertThat(ids(api(ivan, "q=" + enc("rout*")))).hasSize(20);

        JsonNode posts = api(ivan, "kind=posts&q=vendor");
        assertThat(posts.path("kind").asText()).isEqualTo("posts");
        assertThat(incidentsOf(posts)).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-w", "inc-m");
        // A match at either end of a text is marked too.
        assertThat(snippetsHtml(posts)).contains("<mark>vendor</mark> beaten at Ferozabad");
        assertThat(snippetsHtml(api(ivan, "kind=posts&q=ferozabad"))).containsExactly("vendor beaten at <mark>Ferozabad</mark>");
    }

    @Test
    void queryTextCannotBecomeQuerySyntaxThatFailsOrReachesOtherFields() {
        for (String q : List.of("\"}} , \"match_all\": {", "nigrani.triage.status:new", "/ven.*/", "vendor~2", "(((", "\"",
                "user.name:" + AUTHOR, "*", "a OR")) {
            HttpResponse<String> page = ivan.get("/search?q=" + enc(q));
            assertThat(page.statusCode()).as(q).isEqualTo(200);
            assertThat(page.body()).as(q).contains("id=\"total\"");
            HttpResponse<String> json = ivan.get("/api/search?kind=posts&q=" + enc(q));
            assertThat(json.statusCode()).as(q).isEqualTo(200);
        }
        assertThat(api(ivan, "q=" + enc("\"}} , \"match_all\": {")).path("total").asLong()).isZero();
        assertThat(api(ivan, "q=" + enc("nigrani.triage.status:new")).path("total").asLong()).isZero();
    }

    @Test
    void eachFilterNarrowsTheHits() {
        assertThat(ids(api(ivan, "station=khi-preedy"))).containsExactlyInAnyOrder("inc-a", "inc-m");
        assertThat(ids(api(ivan, "city=Lahore"))).containsExactlyInAnyOrder("inc-c", "inc-x");
        assertThat(ids(api(ivan, "category=violence"))).containsExactlyInAnyOrder("inc-a", "inc-w");
        assertThat(ids(api(ivan, "lang=ur"))).containsExactlyInAnyOrder("inc-c", "inc-m");
        assertThat(ids(api(ivan, "status=in_review"))).containsExactly("inc-b");
        assertThat(ids(api(ivan, "assignee=sara"))).containsExactly("inc-c");
        assertThat(ids(api(ivan, "min=60&max=85"))).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-m");
        assertThat(ids(api(ivan, "video=true"))).containsExactlyInAnyOrder("inc-a", "inc-c", "inc-w");
        assertThat(ids(api(ivan, "from=2024-05-12&to=2024-05-20"))).containsExactlyInAnyOrder("inc-m", "inc-b");
        assertThat(ids(api(ivan, "from=2024-05-12T00:00:00Z&to=2024-05-20T11:59:59Z"))).containsExactly("inc-m");
        assertThat(ids(api(ivan, "q=vendor&city=Karachi&video=true&min=86"))).containsExactly("inc-w");

        assertThat(incidentsOf(api(ivan, "kind=posts&lang=ur-Latn"))).containsExactly("inc-b");
        assertThat(incidentsOf(api(ivan, "kind=posts&station=khi-preedy"))).containsExactlyInAnyOrder("inc-a", "inc-m");
        assertThat(incidentsOf(api(ivan, "kind=posts&category=extortion"))).containsExactly("inc-b");
        assertThat(incidentsOf(api(ivan, "kind=posts&video=true"))).containsExactlyInAnyOrder("inc-a", "inc-w", "inc-c");
        assertThat(incidentsOf(api(ivan, "kind=posts&from=2024-05-15&to=2024-05-20"))).containsExactlyInAnyOrder("inc-m", "inc-b");
        JsonNode statusOnPosts = api(ivan, "kind=posts&status=new&q=vendor");
        assertThat(statusOnPosts.path("total").asLong()).isEqualTo(4);
        assertThat(statusOnPosts.path("notices").toString()).contains("not applied");
    }

    @Test
    void facetsCountUnderEveryOtherFilter() {
        JsonNode r = api(ivan, "category=violence");
        assertThat(facet(r, "category")).containsEntry("violence", 2L).containsEntry("harassment", 2L)
                .containsEntry("extortion", 1L).containsEntry("unlawful_detention", 1L).containsEntry("other_misconduct", 25L);
        assertThat(facet(r, "station")).containsOnly(java.util.Map.entry("khi-preedy", 1L), java.util.Map.entry("khi-ferozabad", 1L));
        assertThat(facet(r, "city")).containsOnly(java.util.Map.entry("Karachi", 2L));
        assertThat(facet(r, "video")).containsOnly(java.util.Map.entry("true", 2L));
        assertThat(facet(r, "status")).containsOnly(java.util.Map.entry("new", 2L));

        JsonNode text = api(ivan, "q=vendor&station=khi-preedy");
        assertThat(text.path("total").asLong()).isEqualTo(2);
        assertThat(facet(text, "station")).containsEntry("khi-preedy", 2L).containsEntry("khi-ferozabad", 2L)
                .containsEntry("khi-sohrab-goth", 1L).containsEntry("lhr-model-town", 1L).doesNotContainKey("isb-secretariat");
        assertThat(facet(text, "lang")).containsOnly(java.util.Map.entry("en", 1L), java.util.Map.entry("ur", 1L));

        assertThat(api(ivan, "kind=posts").path("facets").has("status")).isFalse();
        assertThat(facet(api(ivan, "kind=posts"), "lang")).containsEntry("ur-Latn", 1L).containsEntry("en", 3L);

        String page = ivan.get("/search?category=violence").body();
        String stations = between(page, "id=\"facet-station\"", "</ul>");
        assertThat(stations).contains("<a href=\"/search?station=khi-preedy&amp;category=violence\">Preedy, Karachi</a> <span class=\"count\">1</span>");
        String categories = between(page, "id=\"facet-category\"", "</ul>");
        // The active category links to the search without it.
        assertThat(categories).contains("<li class=\"active\"><a href=\"/search\">violence</a>");
    }

    @Test
    void highlightedHostileTextIsEscapedAndOnlyOurMarksAreMarkup() {
        HttpResponse<String> posts = ivan.get("/search?kind=posts&q=script");
        assertThat(posts.statusCode()).isEqualTo(200);
        assertThat(posts.body()).contains("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;")
                .doesNotContainIgnoringCase("<script");
        assertThat(posts.body()).containsPattern("<span class=\"post-text\" dir=\"auto\">Police beat a vendor");

        HttpResponse<String> incidents = ivan.get("/search?q=script");
        assertThat(incidents.body()).contains("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; vendor harassed")
                .doesNotContainIgnoringCase("<script");
        HttpResponse<String> noText = ivan.get("/search?kind=posts");
        assertThat(noText.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContainIgnoringCase("<script");

        JsonNode r = api(ivan, "kind=posts&q=script");
        assertThat(r.path("hits").get(0).path("snippet_html").asText())
                .isEqualTo("Police beat a vendor at Preedy market &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;");
        assertThat(r.path("hits").get(0).path("snippet").asText())
                .isEqualTo("Police beat a vendor at Preedy market <script>alert(1)</script>");
    }

    @Test
    void postResultsNeverShowTheirAuthorOrAddress() {
        for (String qs : List.of("kind=posts", "kind=posts&q=vendor", "kind=posts&q=script", "q=vendor")) {
            for (String path : List.of("/search?", "/api/search?")) {
                String body = ivan.get(path + qs).body();
                assertThat(body).as(path + qs).doesNotContain(AUTHOR).doesNotContain("x.com").doesNotContain("x:1001");
            }
        }
    }

    @Test
    void veryLongPostsAreCutInResults() {
        JsonNode r = api(ivan, "kind=posts&q=" + enc("students harassed"));
        assertThat(incidentsOf(r)).containsExactly("inc-c");
        String snippet = r.path("hits").get(0).path("snippet").asText();
        assertThat(snippet.codePointCount(0, snippet.length())).isBetween(10, 301);
        assertThat(r.path("hits").get(0).path("snippet_html").asText()).contains("<mark>students</mark> <mark>harassed</mark>");
        HttpResponse<String> page = ivan.get("/search?kind=posts&lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().length()).isLessThan(30_000);
    }

    @Test
    void sortsByPriorityRecencyOrReach() {
        assertThat(ids(api(ivan, "q=vendor"))).containsExactly("inc-w", "inc-a", "inc-m", "inc-b", "inc-x");
        assertThat(ids(api(ivan, "q=vendor&sort=priority"))).containsExactly("inc-w", "inc-a", "inc-m", "inc-b", "inc-x");
        assertThat(ids(api(ivan, "q=vendor&sort=recent"))).containsExactly("inc-w", "inc-b", "inc-m", "inc-a", "inc-x");
        assertThat(ids(api(ivan, "q=vendor&sort=reach"))).containsExactly("inc-b", "inc-a", "inc-m", "inc-w", "inc-x");
        assertThat(incidentsOf(api(ivan, "kind=posts&q=vendor&sort=recent"))).containsExactly("inc-w", "inc-b", "inc-m", "inc-a");
        String page = ivan.get("/search?q=vendor&sort=reach").body();
        assertThat(incidentLinks(page)).containsExactly("inc-b", "inc-a", "inc-m", "inc-w", "inc-x");
    }

    @Test
    void pagesOfTwentyWithLinksBothWays() {
        String first = ivan.get("/search?q=routine").body();
        assertThat(between(first, "<span id=\"total\">", "</span>")).isEqualTo("25");
        assertThat(count(first, "<tr class=\"result\">")).isEqualTo(20);
        assertThat(first).contains("<a class=\"page-next\" href=\"/search?q=routine&amp;page=1\">").doesNotContain("page-prev");
        assertThat(incidentLinks(first).get(0)).isEqualTo("f-24");

        String second = ivan.get("/search?q=routine&page=1").body();
        assertThat(count(second, "<tr class=\"result\">")).isEqualTo(5);
        assertThat(incidentLinks(second)).containsExactly("f-04", "f-03", "f-02", "f-01", "f-00");
        assertThat(second).contains("<a class=\"page-prev\" href=\"/search?q=routine\">").doesNotContain("page-next");

        HttpResponse<String> far = ivan.get("/search?q=routine&page=100000");
        assertThat(far.statusCode()).isEqualTo(200);
        assertThat(far.body()).contains("class=\"notice search-notice\"").contains("10,000").contains("id=\"no-results\"");
        JsonNode farApi = api(ivan, "page=100000");
        assertThat(farApi.path("page").asInt()).isEqualTo(499);
        assertThat(farApi.path("notices").get(0).asText()).contains("10,000");
    }

    @Test
    void aWalledInvestigatorSeesNeitherTheWalledIncidentsNorTheirCounts() {
        JsonNode r = api(wally, "q=vendor");
        assertThat(ids(r)).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-x");
        assertThat(facet(r, "station")).doesNotContainKey("khi-ferozabad").containsEntry("khi-preedy", 1L);
        assertThat(facet(r, "category")).doesNotContainKey("unlawful_detention").containsEntry("violence", 1L);
        assertThat(api(wally, "station=khi-ferozabad").path("total").asLong()).isZero();
        assertThat(api(wally, "q=ferozabad").path("total").asLong()).isZero();

        JsonNode posts = api(wally, "kind=posts&q=vendor");
        assertThat(incidentsOf(posts)).containsExactlyInAnyOrder("inc-a", "inc-b");
        assertThat(facet(posts, "station")).doesNotContainKey("khi-ferozabad").containsEntry("khi-preedy", 1L);
        assertThat(incidentsOf(api(ivan, "kind=posts&q=dragged"))).containsExactly("inc-m");
        assertThat(api(wally, "kind=posts&q=dragged").path("total").asLong()).isZero();

        for (String qs : List.of("q=vendor", "kind=posts&q=vendor", "", "kind=posts", "sort=recent&video=true")) {
            String page = wally.get("/search?" + qs).body();
            assertThat(page).as(qs).doesNotContain("inc-w").doesNotContain("inc-m").doesNotContain("Ferozabad")
                    .doesNotContain("khi-ferozabad").doesNotContain("dragged");
        }
    }

    @Test
    void aWallAddedWhileSignedInHoldsFromTheNextSearch() {
        Users users = new Users(console.es());
        users.add("walter", ConsoleFixture.PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of(), "test");
        Http walter = signedIn("walter");
        assertThat(ids(api(walter, "q=vendor"))).contains("inc-w");
        users.wall("walter", Set.of("khi-ferozabad"));
        assertThat(ids(api(walter, "q=vendor"))).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-x");
    }

    @Test
    void theUrlHoldsTheWholeSearchAndTheFormShowsIt() {
        String qs = "q=vendor&kind=incidents&station=khi-preedy&city=Karachi&category=violence&lang=en&status=new"
                + "&min=50&max=95&video=true&from=2024-05-01&to=2024-05-31&sort=recent";
        HttpResponse<String> response = ivan.get("/search?" + qs);
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(incidentLinks(page)).containsExactly("inc-a");
        assertThat(page).contains("id=\"q\" name=\"q\" value=\"vendor\"")
                .contains("<option value=\"khi-preedy\" selected>")
                .contains("<option value=\"Karachi\" selected>")
                .contains("<option value=\"violence\" selected>")
                .contains("<option value=\"en\" selected>")
                .contains("<option value=\"new\" selected>")
                .contains("id=\"f-min\" name=\"min\" min=\"0\" max=\"100\" value=\"50\"")
                .contains("id=\"f-max\" name=\"max\" min=\"0\" max=\"100\" value=\"95\"")
                .contains("id=\"f-from\" name=\"from\" value=\"2024-05-01\"")
                .contains("id=\"f-to\" name=\"to\" value=\"2024-05-31\"")
                .contains("id=\"f-video\" name=\"video\" value=\"true\" checked")
                .contains("<option value=\"recent\" selected>");
        String canonical = "/search?q=vendor&station=khi-preedy&city=Karachi&category=violence&lang=en&status=new&min=50"
                + "&max=95&video=true&from=2024-05-01&to=2024-05-31&sort=recent";
        assertThat(page).contains("<a id=\"search-link\" href=\"" + canonical.replace("&", "&amp;") + "\">");
        assertThat(incidentLinks(ivan.get(canonical).body())).containsExactly("inc-a");

        String assigned = ivan.get("/search?assignee=sara&q=" + enc("students & <b>\"x\"</b>")).body();
        assertThat(assigned).contains("id=\"f-assignee\" name=\"assignee\" value=\"sara\"")
                // In a quoted attribute JTE escapes what could end it or open a tag; '>' can do neither there.
                .contains("value=\"students &amp; &lt;b>&#34;x&#34;&lt;/b>\"");
        assertThat(between(assigned, "id=\"search-link\" href=\"", "\""))
                .isEqualTo("/search?q=students+%26+%3Cb%3E%22x%22%3C%2Fb%3E&amp;assignee=sara");

        // A blank form round-trips to all incidents.
        String blank = ivan.get("/search?q=&station=&city=&category=&lang=&status=&assignee=&min=&max=&from=&to=&sort=priority").body();
        assertThat(between(blank, "<span id=\"total\">", "</span>")).isEqualTo("31");
    }

    @Test
    void badParametersAreNamedOnThePageAndInTheApi() {
        for (String[] bad : new String[][] {{"min=abc", "min"}, {"max=500", "max"}, {"page=-1", "page"},
                {"status=bogus", "status"}, {"from=2024-13-01", "from"}, {"sort=random", "sort"}, {"kind=users", "kind"},
                {"video=1", "video"}, {"assignee=" + enc("<script>"), "assignee"}, {"q=" + "x".repeat(501), "q"}}) {
            HttpResponse<String> page = ivan.get("/search?" + bad[0]);
            assertThat(page.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(between(page.body(), "<p class=\"error\" id=\"search-error\">", "</p>")).as(bad[0]).contains(bad[1]);
            assertThat(page.body()).as(bad[0]).contains("id=\"search-form\"").doesNotContain("Something went wrong")
                    .doesNotContain("<script>");
            HttpResponse<String> api = ivan.get("/api/search?" + bad[0]);
            assertThat(api.statusCode()).as(bad[0]).isEqualTo(400);
            JsonNode error = json(api.body());
            assertThat(error.path("parameter").asText()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(error.path("error").asText()).as(bad[0]).contains(bad[1]);
        }
        // The refused value stays in the form, to be corrected.
        assertThat(ivan.get("/search?q=lathi&status=bogus").body()).contains("id=\"q\" name=\"q\" value=\"lathi\"");
    }

    @Test
    void aBadlyEncodedAddressIsNoServerError() throws IOException {
        java.net.URI base = java.net.URI.create(console.url());
        for (String path : List.of("/search?q=%zz", "/api/search?q=%E0%A4")) {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                        + "\r\nCookie: nigrani_session=" + ivan.sessionCookie() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                // Decoded leniently or refused, as long as it is not an exception page.
                assertThat(response).as(path).containsPattern("^HTTP/1.1 (200|400) ").doesNotContain("Something went wrong");
            }
        }
    }

    @Test
    void searchNeedsASession() {
        Http anonymous = new Http(console.url());
        assertThat(anonymous.get("/api/search?q=vendor").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/search?q=vendor").statusCode()).isEqualTo(302);
    }

    // ---- fixtures

    static Http signedIn(String user) {
        Http http = new Http(console.url());
        assertThat(http.login(user, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(302);
        return http;
    }

    // ---- reading answers

    static JsonNode api(Http http, String qs) {
        HttpResponse<String> r = http.get("/api/search?" + qs);
        assertThat(r.statusCode()).as(qs + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        return json(r.body());
    }

    static JsonNode json(String body) {
        try {
            return Es.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> ids(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("hits").forEach(h -> out.add(h.path("id").asText()));
        return out;
    }

    static List<String> incidentsOf(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("hits").forEach(h -> out.add(h.path("incident_id").asText()));
        return out;
    }

    static List<String> snippetsHtml(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("hits").forEach(h -> out.add(h.path("snippet_html").asText()));
        return out;
    }

    static JsonNode hit(JsonNode r, String id) {
        for (JsonNode h : r.path("hits")) {
            if (h.path("id").asText().equals(id)) {
                return h;
            }
        }
        throw new AssertionError("no hit " + id + " in " + r);
    }

    static java.util.Map<String, Long> facet(JsonNode r, String name) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        r.path("facets").path(name).forEach(b -> out.put(b.path("key").asText(), b.path("count").asLong()));
        return out;
    }

    static List<String> incidentLinks(String html) {
        Matcher m = Pattern.compile("<a class=\"incident-link\" href=\"/incidents/([^\"]+)\"").matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String between(String text, String start, String end) {
        int i = text.indexOf(start);
        assertThat(i).as("'" + start + "' in the page").isNotNegative();
        int j = text.indexOf(end, i + start.length());
        return text.substring(i + start.length(), j);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
