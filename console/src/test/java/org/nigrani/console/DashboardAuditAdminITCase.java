package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.DashboardData;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * The dashboard, the audit viewer and account administration over HTTP, against fixture documents in the real
 * Elasticsearch; and, over every route the console registers, the guarantees that hold for all of them: a session is
 * needed, a state change needs the CSRF token, and nothing a request sends can write to the audit trail.
 */
@ExtendWith(SharedElasticsearch.class)
class DashboardAuditAdminITCase {

    static final String PASSWORD = ConsoleFixture.PASSWORD;
    static final String HOSTILE = "<script>alert('x')</script> \u202Egnp.exe " + "long ".repeat(100);

    static ConsoleFixture console;
    static List<Station> stations;
    /** Station 0 has the most incidents; wally (investigator) and wanda (supervisor) are walled off from it. */
    static String walledStation;
    static List<Incident> incidents = new ArrayList<>();

    record Incident(String id, String stationId, String category, int score, String status, String day, String title) {}

    @BeforeAll
    static void start() {
        console = ConsoleFixture.start();
        stations = StationDirectory.load(ProjectRoot.find().resolve("config/stations.yaml")).stations().subList(0, 9);
        walledStation = stations.get(0).id();
        Users users = new Users(console.es());
        users.add("wally", PASSWORD.toCharArray(), Role.INVESTIGATOR, Set.of(walledStation), "test");
        users.add("wanda", PASSWORD.toCharArray(), Role.SUPERVISOR, Set.of(walledStation), "test");

        // Station i has 9 - i incidents: the ninth has one and stays out of the top 8.
        int n = 0;
        for (int s = 0; s < stations.size(); s++) {
            for (int k = 0; k < 9 - s; k++, n++) {
                incidents.add(new Incident("inc-" + n, stations.get(s).id(), n % 2 == 0 ? "police_violence" : "bribery",
                        10 + n, "new", "2023-11-0" + (1 + n % 5), "Incident number " + n));
            }
        }
        incidents.add(new Incident("inc-nostation", null, "bribery", 5, "new", "2023-11-03", "No station named"));
        incidents.add(new Incident("inc-dismissed", stations.get(3).id(), "police_violence", 100, "dismissed", "2023-11-02", "Dismissed"));
        incidents.add(new Incident("inc-hostile", stations.get(3).id(), "extortion", 99, "in_review", "2023-11-04", HOSTILE));
        incidents.add(new Incident("inc-walled-top", walledStation, "extortion", 98, "new", "2023-11-05", "About the walled station"));
        Es es = console.es();
        for (Incident i : incidents) {
            es.put(Indices.INCIDENTS, i.id(), incident(i), Es.Refresh.NONE);
        }
        es.put(Indices.ALERTS, "a1", DashboardData.alert("a1", "first", "email", "sent", stations.get(1).id(), "inc-1", "2023-11-02T10:00:00Z"), Es.Refresh.NONE);
        es.put(Indices.ALERTS, "a2", DashboardData.alert("a2", "escalation", "webhook", "failed", stations.get(2).id(), "inc-10", "2023-11-03T10:00:00Z"), Es.Refresh.NONE);
        es.put(Indices.ALERTS, "a3", DashboardData.alert("a3", "digest", "email", "pending", stations.get(3).id(), "inc-20", "2023-11-04T10:00:00Z"), Es.Refresh.NONE);
        es.put(Indices.ALERTS, "a4", DashboardData.alert("a4", "first", "email", "sent", walledStation, "inc-walled-top", "2023-11-05T10:00:00Z"), Es.Refresh.NONE);
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.ALERTS);
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    // ---------------------------------------------------------------- dashboard

    @Test
    void theDashboardCountsIncidentsPerDayByStationAndCategory() throws Exception {
        JsonNode d = json(signedIn("sara").get("/api/dashboard"));
        assertThat(d.path("to").asText()).isEqualTo("2023-11-05");
        assertThat(d.path("days").asInt()).isEqualTo(30);
        assertThat(d.path("incidents").asLong()).isEqualTo(incidents.size());
        assertThat(d.path("without_station").asLong()).isEqualTo(1);

        JsonNode byStation = d.at("/by_station/series");
        assertThat(byStation).hasSize(8);
        assertThat(byStation.get(0).path("key").asText()).isEqualTo(walledStation);
        assertThat(byStation.get(0).path("label").asText()).isEqualTo(stations.get(0).name() + ", " + stations.get(0).city());
        assertThat(byStation.get(0).path("total").asLong()).isEqualTo(10); // nine, and the walled-top one
        assertThat(keys(byStation)).doesNotContain(stations.get(8).id());
        assertThat(d.at("/by_station/days")).hasSize(30);
        long sum = 0;
        for (JsonNode c : byStation.get(0).path("per_day")) {
            sum += c.asLong();
        }
        assertThat(sum).isEqualTo(10);
        // 2023-11-05 is the last day of the window
        assertThat(byStation.get(0).path("per_day").get(29).asLong())
                .isEqualTo(incidents.stream().filter(i -> walledStation.equals(i.stationId()) && i.day().equals("2023-11-05")).count());

        Map<String, Long> byCategory = new LinkedHashMap<>();
        d.at("/by_category/series").forEach(s -> byCategory.put(s.path("key").asText(), s.path("total").asLong()));
        assertThat(byCategory).isEqualTo(incidents.stream().collect(Collectors.groupingBy(Incident::category, Collectors.counting())));

        List<String> expectedTop = incidents.stream().filter(i -> !i.status().equals("dismissed"))
                .sorted(Comparator.comparingInt(Incident::score).reversed()).limit(10).map(Incident::id).toList();
        List<String> top = new ArrayList<>();
        d.path("top_incidents").forEach(t -> top.add(t.path("id").asText()));
        assertThat(top).isEqualTo(expectedTop);
        assertThat(d.at("/top_incidents/0/title").asText()).hasSize(160).endsWith("…").startsWith("<script>");

        assertThat(d.at("/alerts/total").asLong()).isEqualTo(4);
        assertThat(d.at("/alerts/by_status/sent").asLong()).isEqualTo(2);
        assertThat(d.at("/alerts/by_status/failed").asLong()).isEqualTo(1);
        assertThat(d.at("/alerts/by_kind/digest").asLong()).isEqualTo(1);
        assertThat(d.at("/alerts/recent/0/subject").asText()).contains("a4");
        assertThat(d.at("/alerts/recent/0/recipient").asText()).isEqualTo("Head of " + walledStation);
    }

    @Test
    void theDashboardPageDrawsChartsAndEscapesTitles() {
        HttpResponse<String> page = signedIn("sara").get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("id=\"chart-stations\"").contains("id=\"chart-categories\"").contains("<polyline")
                .contains("id=\"top-incidents\"").contains("id=\"alerts-table\"");
        assertThat(html).doesNotContain("<script").doesNotContain("style=");
        assertThat(html).contains("&lt;script&gt;alert(");
        assertThat(html).contains("href=\"/incidents/inc-hostile\"");
        assertThat(html.split("class=\"top-incident\"", -1)).hasSize(11);
        assertThat(html.split("class=\"alert-row\"", -1)).hasSize(5);
        assertThat(html).doesNotContain("long ".repeat(40));
        assertThat(signedIn("sara").get("/?days=7").body()).contains("from 2023-10-30 to 2023-11-05");
    }

    @Test
    void wallsKeepAStationOutOfEveryPartOfTheDashboard() throws Exception {
        Http wally = signedIn("wally");
        JsonNode d = json(wally.get("/api/dashboard"));
        assertThat(keys(d.at("/by_station/series"))).hasSize(8).doesNotContain(walledStation).contains(stations.get(8).id());
        assertThat(d.path("incidents").asLong()).isEqualTo(incidents.stream().filter(i -> !walledStation.equals(i.stationId())).count());
        List<String> top = new ArrayList<>();
        d.path("top_incidents").forEach(t -> top.add(t.path("id").asText()));
        assertThat(top).doesNotContain("inc-walled-top").hasSize(10);
        assertThat(top).allMatch(id -> incidents.stream().noneMatch(i -> i.id().equals(id) && walledStation.equals(i.stationId())));
        assertThat(d.at("/alerts/total").asLong()).isEqualTo(3);
        d.at("/alerts/recent").forEach(a -> assertThat(a.path("subject").asText()).doesNotContain("a4"));

        String html = wally.get("/").body();
        assertThat(html).doesNotContain(stations.get(0).name()).doesNotContain("About the walled station").doesNotContain("alert a4");
    }

    // ---------------------------------------------------------------- audit viewer

    @Test
    void supervisorsFilterTheAuditTrail() throws Exception {
        Es es = console.es();
        User ivan = new User("ivan", "x", Role.INVESTIGATOR, Set.of(), false);
        User sara = new User("sara", "x", Role.SUPERVISOR, Set.of(), false);
        new AuditLog(es, Clock.fixed(Instant.parse("2020-03-01T10:00:00Z"), ZoneOffset.UTC))
                .record(ivan, null, "10.0.0.1", new AuditLog.Entry(AuditLog.REVEAL_AUTHORS, "inc-3", null,
                        "a witness asked us to follow up <b>now</b>", null, null));
        new AuditLog(es, Clock.fixed(Instant.parse("2020-03-02T10:00:00Z"), ZoneOffset.UTC))
                .record(ivan, null, "10.0.0.1", AuditLog.Entry.of(AuditLog.VIEW_INCIDENT, "inc-3"));
        new AuditLog(es, Clock.fixed(Instant.parse("2020-03-03T10:00:00Z"), ZoneOffset.UTC))
                .record(sara, null, "10.0.0.2", AuditLog.Entry.of(AuditLog.VIEW_INCIDENT, "inc-walled-top"));
        new AuditLog(es, Clock.fixed(Instant.parse("2020-03-03T11:00:00Z"), ZoneOffset.UTC))
                .record(sara, null, "10.0.0.2", new AuditLog.Entry(AuditLog.REVEAL_AUTHORS, "inc-walled-top", null,
                        "the reason names the walled station's officer", null, null));

        Http http = signedIn("sara");
        JsonNode byIncident = json(http.get("/api/audit?incident=inc-3"));
        assertThat(byIncident.path("entries")).hasSize(2);
        assertThat(byIncident.at("/entries/0/action").asText()).isEqualTo(AuditLog.VIEW_INCIDENT); // newest first
        assertThat(byIncident.at("/entries/1/reason").asText()).startsWith("a witness");

        JsonNode byAction = json(http.get("/api/audit?action=reveal_authors&user=ivan"));
        assertThat(byAction.path("entries")).hasSize(1);

        JsonNode byDay = json(http.get("/api/audit?from=2020-03-02&to=2020-03-02"));
        assertThat(byDay.path("entries")).hasSize(1);
        assertThat(byDay.at("/entries/0/time").asText()).isEqualTo("2020-03-02T10:00:00Z");
        assertThat(json(http.get("/api/audit?from=2020-03-01&to=2020-03-03")).path("entries")).hasSize(4);
        assertThat(json(http.get("/api/audit?from=2020-03-01T10:00:01Z&to=2020-03-03T10:30:00Z")).path("entries")).hasSize(2);

        HttpResponse<String> page = http.get("/audit?user=ivan&from=2020-01-01&to=2020-12-31");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"audit-form\"").contains("id=\"audit-table\"")
                .contains("a witness asked us to follow up &lt;b&gt;now&lt;/b&gt;");
        assertThat(page.body().split("class=\"audit-row\"", -1)).hasSize(3);
        assertThat(page.body()).doesNotContain("style=");

        HttpResponse<String> bad = http.get("/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"error\"");
        assertThat(http.get("/api/audit?page=9999").statusCode()).isEqualTo(400);

        // A supervisor walled off from the station sees that something happened, not what it was about.
        JsonNode wanda = json(signedIn("wanda").get("/api/audit?user=sara&from=2020-03-03&to=2020-03-03"));
        assertThat(wanda.path("entries")).hasSize(2);
        wanda.path("entries").forEach(e -> {
            assertThat(e.path("walled").asBoolean()).isTrue();
            assertThat(e.path("incident_id").isNull()).isTrue();
            assertThat(e.path("reason").isNull()).isTrue();
        });
        assertThat(signedIn("wanda").get("/audit?user=sara&from=2020-03-03&to=2020-03-03").body())
                .doesNotContain("inc-walled-top").doesNotContain("walled station's officer").contains("walled off");
    }

    // ---------------------------------------------------------------- administration

    @Test
    void anAdminAddsAUserWhoCanThenSignIn() throws Exception {
        Http adam = signedIn("adam");
        String page = adam.get("/admin/users").body();
        assertThat(page).contains("id=\"users-table\"").contains("id=\"user-form\"").contains(walledStation);
        String token = Http.csrfOf(page);

        HttpResponse<String> added = adam.post("/admin/users", Map.of("_csrf", token, "username", "Nina",
                "password", "a long enough password", "role", "investigator", "walls", stations.get(5).id() + ", " + stations.get(6).id()));
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).hasValue("/admin/users?added=nina");
        assertThat(adam.get("/admin/users?added=nina").body()).contains("class=\"notice\"").contains("Added nina.");

        Http nina = new Http(console.url());
        assertThat(nina.login("nina", "a long enough password").statusCode()).isEqualTo(302);
        assertThat(nina.get("/").statusCode()).isEqualTo(200);
        assertThat(json(nina.get("/api/dashboard")).at("/by_station/series").toString())
                .doesNotContain(stations.get(5).id()).doesNotContain(stations.get(6).id());

        HttpResponse<String> list = adam.get("/api/admin/users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("password").doesNotContain("$2a$").doesNotContain("$2y$");
        JsonNode ninaJson = null;
        for (JsonNode u : json(list).path("users")) {
            if (u.path("username").asText().equals("nina")) {
                ninaJson = u;
            }
        }
        assertThat(ninaJson).isNotNull();
        assertThat(ninaJson.path("role").asText()).isEqualTo("investigator");
        assertThat(ninaJson.path("walled_stations").toString()).contains(stations.get(5).id());

        HttpResponse<String> walls = adam.post("/admin/users/nina/walls", Map.of("_csrf", token, "walls", stations.get(7).id()));
        assertThat(walls.statusCode()).isEqualTo(303);
        assertThat(new Users(console.es()).find("nina").orElseThrow().walledStations()).containsExactly(stations.get(7).id());
        assertThat(nina.get("/api/dashboard").statusCode()).as("signed out by the change").isEqualTo(401);
        assertThat(adam.post("/admin/users/nina/walls", Map.of("_csrf", token)).statusCode()).as("no walls field").isEqualTo(400);
        assertThat(new Users(console.es()).find("nina").orElseThrow().walledStations()).containsExactly(stations.get(7).id());

        Http sara = signedIn("sara");
        JsonNode addedTrail = json(sara.get("/api/audit?user=adam&action=" + AuditLog.USER_ADDED));
        assertThat(addedTrail.at("/entries/0/target").asText()).isEqualTo("nina");
        assertThat(addedTrail.at("/entries/0/after").asText()).contains("investigator").doesNotContain("hash");
        JsonNode change = json(sara.get("/api/audit?user=adam&action=" + AuditLog.WALL_CHANGED)).at("/entries/0");
        assertThat(change.path("target").asText()).isEqualTo("nina");
        assertThat(change.path("before").asText()).contains(stations.get(5).id());
        assertThat(change.path("after").asText()).contains(stations.get(7).id()).doesNotContain("hash");

        assertThat(adam.post("/admin/users", Map.of("_csrf", token, "username", "shorty", "password", "too short",
                "role", "investigator", "walls", "")).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = adam.post("/admin/users", Map.of("_csrf", token, "username", "otto",
                "password", "a long enough password", "role", "investigator", "walls", "no-such-station"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("class=\"error\"").contains("no-such-station");
        assertThat(adam.post("/admin/users", Map.of("_csrf", token, "username", "nina", "password", "a long enough password",
                "role", "admin", "walls", "")).statusCode()).isEqualTo(400);
        assertThat(adam.post("/admin/users", Map.of("_csrf", token, "username", "olga", "password", "a long enough password",
                "role", "root", "walls", "")).statusCode()).isEqualTo(400);
        assertThat(adam.post("/admin/users/nobody/walls", Map.of("_csrf", token, "walls", "")).statusCode()).isEqualTo(404);
        assertThat(new Users(console.es()).find("otto")).isEmpty();
        assertThat(new Users(console.es()).find("olga")).isEmpty();
    }

    @Test
    void theAdminApiAddsUsersAndSetsWallsUnderTheSameRules() throws Exception {
        Http adam = new Http(console.url());
        HttpResponse<String> login = adam.postJson("/api/login", "{\"username\":\"adam\",\"password\":\"" + PASSWORD + "\"}", null);
        String token = Es.JSON.readTree(login.body()).path("csrf_token").asText();
        String body = "{\"username\":\"petra\",\"password\":\"a long enough password\",\"role\":\"supervisor\",\"walls\":[\""
                + stations.get(3).id() + "\"]}";
        assertThat(adam.postJson("/api/admin/users", body, null).statusCode()).as("no CSRF token").isEqualTo(403);
        HttpResponse<String> added = adam.postJson("/api/admin/users", body, token);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).contains("\"username\":\"petra\"").contains(stations.get(3).id()).doesNotContain("$2");
        assertThat(adam.postJson("/api/admin/users", body, token).statusCode()).as("the name is taken").isEqualTo(400);
        assertThat(new Http(console.url()).login("petra", "a long enough password").statusCode()).isEqualTo(302);

        HttpResponse<String> walls = adam.postJson("/api/admin/users/petra/walls", "{\"walls\":[]}", token);
        assertThat(walls.statusCode()).as(walls.body()).isEqualTo(200);
        assertThat(new Users(console.es()).find("petra").orElseThrow().walledStations()).isEmpty();
        assertThat(adam.postJson("/api/admin/users/petra/walls", "{\"walls\":[\"no-such-station\"]}", token).statusCode())
                .isEqualTo(400);
        assertThat(adam.postJson("/api/admin/users/nobody/walls", "{\"walls\":[]}", token).statusCode()).isEqualTo(404);

        Http ivan = new Http(console.url());
        String ivanToken = Es.JSON.readTree(ivan.postJson("/api/login", "{\"username\":\"ivan\",\"password\":\""
                + PASSWORD + "\"}", null).body()).path("csrf_token").asText();
        assertThat(ivan.postJson("/api/admin/users", body.replace("petra", "pavel"), ivanToken).statusCode()).isEqualTo(403);
        assertThat(new Users(console.es()).find("pavel")).isEmpty();
    }

    @Test
    void onlyAdminsAdministerAndOnlySupervisorsReadTheTrail() {
        Http ivan = signedIn("ivan");
        String token = Http.csrfOf(ivan.get("/").body());
        for (String path : List.of("/admin/users", "/api/admin/users", "/audit", "/api/audit", "/audit?user=ivan")) {
            assertThat(ivan.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(ivan.post("/admin/users", Map.of("_csrf", token, "username", "ivan2", "password", "a long enough password",
                "role", "admin", "walls", "")).statusCode()).isEqualTo(403);
        assertThat(ivan.post("/admin/users/wally/walls", Map.of("_csrf", token, "walls", "")).statusCode()).isEqualTo(403);
        assertThat(new Users(console.es()).find("ivan2")).isEmpty();
        assertThat(new Users(console.es()).find("wally").orElseThrow().walledStations()).containsExactly(walledStation);

        Http sara = signedIn("sara");
        assertThat(sara.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(sara.get("/api/admin/users").statusCode()).isEqualTo(403);
        assertThat(sara.get("/audit").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- every route

    @Test
    void noRouteWritesToTheAuditTrail() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Http adam = signedIn("adam");
        String token = Http.csrfOf(adam.get("/").body());
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("action", "forged_action");
        payload.put("user", "mallory");
        payload.put("role", "admin");
        payload.put("@timestamp", "2001-01-01T00:00:00Z");
        payload.put("incident_id", "inc-1");
        payload.put("target", "forged-target");
        payload.put("reason", "a forged reason of some length");
        payload.put("ip", "6.6.6.6");
        payload.put("index", Indices.AUDIT);
        payload.put("_index", Indices.AUDIT);
        payload.put("op_type", "index");
        payload.put("status", "in_review");
        payload.put("text", "forged note");
        payload.put("kind", "not_misconduct");
        payload.put("post_id", "p1");
        payload.put("walls", walledStation); // what wally (the {name} below) has already
        payload.put("q", "forged");
        ObjectNode jsonPayload = Es.JSON.createObjectNode();
        payload.forEach(jsonPayload::put);
        jsonPayload.putObject("doc").put("action", "forged_action").put("user", "mallory");
        jsonPayload.putObject("before").put("forged", true);

        List<String> routes = mutatingLast(console.app().routes());
        assertThat(routes).contains("GET /", "GET /api/dashboard", "GET /audit", "GET /api/audit", "GET /admin/users",
                "POST /admin/users", "POST /admin/users/{name}/walls", "GET /api/admin/users");
        assertThat(routes).filteredOn(r -> r.contains("audit")).allMatch(r -> r.startsWith("GET "));
        List<String> failures = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            if (path.equals("/logout") || path.equals("/api/logout") || path.equals("/login") || path.equals("/api/login")) {
                continue; // they end or replace the session; tried below with sessions of their own
            }
            String query = "?" + Http.form(payload);
            Map<String, String> form = new LinkedHashMap<>(payload);
            form.put("_csrf", token);
            List<HttpResponse<String>> responses = new ArrayList<>();
            responses.add(adam.request(method, path + query, null, null, Map.of()));
            if (!method.equals("GET") && !method.equals("HEAD")) {
                responses.add(adam.request(method, path, "application/x-www-form-urlencoded", Http.form(form), Map.of()));
                responses.add(adam.request(method, path, "application/json", jsonPayload.toString(), Map.of("X-CSRF-Token", token)));
            }
            for (HttpResponse<String> r : responses) {
                if (r.statusCode() >= 500) {
                    failures.add(route + " answered " + r.statusCode());
                }
            }
        }
        // Methods and paths that are not routes at all.
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (String path : List.of("/audit", "/api/audit", "/api/audit/_doc", "/audit/_doc/1", "/api/audit/1", "/" + Indices.AUDIT + "/_doc")) {
                HttpResponse<String> r = adam.request(method, path, "application/json", jsonPayload.toString(), Map.of("X-CSRF-Token", token));
                assertThat(r.statusCode()).as(method + " " + path).isIn(403, 404, 405);
            }
        }
        // Sign-in and sign-out, each with a session of its own.
        Http other = new Http(console.url());
        String loginToken = Http.csrfOf(other.get("/login").body());
        Map<String, String> loginForm = new LinkedHashMap<>(payload);
        loginForm.put("_csrf", loginToken);
        loginForm.put("username", "mallory");
        loginForm.put("password", "not the password");
        other.post("/login", loginForm);
        other.postJson("/api/login", jsonPayload.deepCopy().put("username", "mallory").put("password", "nope").toString(), null);
        Http leaving = signedIn("ivan");
        String leavingToken = Http.csrfOf(leaving.get("/").body());
        Map<String, String> logoutForm = new LinkedHashMap<>(payload);
        logoutForm.put("_csrf", leavingToken);
        leaving.post("/logout", logoutForm);
        Http leavingApi = signedIn("ivan");
        leavingApi.postJson("/api/logout", jsonPayload.toString(), Http.csrfOf(leavingApi.get("/").body()));
        assertThat(failures).isEmpty();

        console.es().refresh(Indices.AUDIT);
        Set<String> actions = auditActions();
        Set<String> users = Set.of("ivan", "sara", "adam", "wally", "wanda", "nina");
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 10_000);
        q.putObject("query").putObject("range").putObject("@timestamp").put("gte", before.toString());
        JsonNode hits = console.es().search(Indices.AUDIT, q).at("/hits/hits");
        assertThat(hits.size()).isGreaterThan(0);
        for (JsonNode hit : hits) {
            JsonNode e = hit.path("_source");
            assertThat(e.path("action").asText()).as(e.toString()).isIn(actions);
            String user = e.path("user").isNull() ? null : e.path("user").asText();
            assertThat(user == null || users.contains(user)).as(e.toString()).isTrue();
            assertThat(e.path("ip").asText()).as(e.toString()).isNotEqualTo("6.6.6.6");
            assertThat(e.toString()).doesNotContain("forged_action");
            if (e.path("user").isNull()) {
                assertThat(e.path("action").asText()).isEqualTo(AuditLog.LOGIN_FAILED);
            }
        }
        // Nothing with the forged time or user got in at all, whenever stamped.
        ObjectNode forged = Es.JSON.createObjectNode();
        forged.put("size", 0);
        forged.put("track_total_hits", true);
        ObjectNode should = forged.putObject("query").putObject("bool");
        should.putArray("should").addObject().putObject("term").put("user", "mallory");
        should.withArray("should").addObject().putObject("term").put("action", "forged_action");
        should.withArray("should").addObject().putObject("range").putObject("@timestamp").put("lt", "2002-01-01T00:00:00Z");
        assertThat(console.es().search(Indices.AUDIT, forged).at("/hits/total/value").asLong()).isZero();
    }

    @Test
    void everyRouteNeedsASession() {
        Http anonymous = new Http(console.url());
        for (String route : console.app().routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            if (Set.of("/login", "/api/login", "/health").contains(path)) {
                continue;
            }
            HttpResponse<String> r = anonymous.request(method, path, "application/x-www-form-urlencoded", "a=b", Map.of());
            if (path.startsWith("/api/")) {
                assertThat(r.statusCode()).as(route).isEqualTo(401);
            } else {
                assertThat(r.statusCode()).as(route).isEqualTo(302);
                assertThat(r.headers().firstValue("Location").orElse("")).as(route).startsWith("/login");
            }
        }
    }

    @Test
    void everyStateChangeNeedsTheCsrfToken() {
        Http adam = signedIn("adam");
        List<String> changing = console.app().routes().stream()
                .filter(r -> r.startsWith("POST ") || r.startsWith("PUT ") || r.startsWith("PATCH ") || r.startsWith("DELETE "))
                .filter(r -> !r.equals("POST /api/login")) // JSON only: a cross-site form cannot send it (Guard)
                .toList();
        assertThat(changing).contains("POST /admin/users", "POST /logout", "POST /login");
        Http anonymous = new Http(console.url());
        anonymous.get("/login");
        assertThat(anonymous.post("/login", Map.of("username", "adam", "password", PASSWORD)).statusCode()).isEqualTo(403);
        for (String route : changing) {
            if (route.equals("POST /login")) {
                continue; // above: posting it signed in would swap adam's session for a fresh one
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            assertThat(adam.request(method, path, "application/x-www-form-urlencoded", "walls=&status=closed", Map.of()).statusCode())
                    .as(route + " (form)").isEqualTo(403);
            assertThat(adam.request(method, path, "application/json", "{\"status\":\"closed\"}", Map.of()).statusCode())
                    .as(route + " (JSON)").isEqualTo(403);
            assertThat(adam.request(method, path, "application/x-www-form-urlencoded", "_csrf=wrong", Map.of()).statusCode())
                    .as(route + " (wrong token)").isEqualTo(403);
        }
        assertThat(adam.get("/api/session").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    /** Every action {@link AuditLog} defines: the only ones the console appends. */
    static Set<String> auditActions() throws IllegalAccessException {
        Set<String> out = new HashSet<>();
        for (Field f : AuditLog.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    /** Routes that change things after the ones that read, so reads see the fixture as it was set up. */
    static List<String> mutatingLast(List<String> routes) {
        return routes.stream().sorted(Comparator.comparing((String r) -> !r.startsWith("GET "))).toList();
    }

    /** A route's path with its parameters filled in: an incident of the fixture, a user that exists. */
    static String concrete(String path) {
        return path.replaceAll("\\{name}|<name>", "wally")
                .replaceAll("\\{[^}/]+}|<[^>/]+>", "inc-1");
    }

    static Http signedIn(String user) {
        Http http = new Http(console.url());
        HttpResponse<String> r = http.login(user, PASSWORD);
        assertThat(r.statusCode()).as("login of " + user).isEqualTo(302);
        return http;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Es.JSON.readTree(r.body());
    }

    static List<String> keys(JsonNode series) {
        List<String> out = new ArrayList<>();
        series.forEach(s -> out.add(s.path("key").asText()));
        return out;
    }

    static ObjectNode incident(Incident i) {
        Station station = i.stationId() == null ? null
                : stations.stream().filter(x -> x.id().equals(i.stationId())).findFirst().orElseThrow();
        return DashboardData.incident(i.id(), station, i.category(), i.score(), i.status(), i.day(), i.title());
    }
}
