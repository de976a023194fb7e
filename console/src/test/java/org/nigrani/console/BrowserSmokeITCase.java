package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.console.testing.Browser;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.DashboardData;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * The console in headless Chromium: sign in through the form, see the dashboard, sign out; a screenshot of each page
 * under console/target/screenshots, and no error in the browser's console (a CSP violation is one) nor any dialog.
 */
@ExtendWith(SharedElasticsearch.class)
class BrowserSmokeITCase {

    static ConsoleFixture console;

    @BeforeAll
    static void start() {
        // A failure, not a skip: a browser test that did not run has shown nothing.
        assertThat(Browser.available()).as("Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver; bin/test does it when run as root)").isTrue();
        console = ConsoleFixture.start();
        List<Station> stations = StationDirectory.load(ProjectRoot.find().resolve("config/stations.yaml")).stations();
        List<String> categories = List.of("police_violence", "bribery", "illegal_detention", "harassment");
        Es es = console.es();
        for (int i = 0; i < 60; i++) {
            Station s = stations.get((i + i / 7) % 7);
            String day = String.format("2023-11-%02d", 1 + (i * 5) % 14);
            String title = i == 3 ? "<script>alert('x')</script> \u202Eevil\u202C پولیس نے تشدد کیا " + "long ".repeat(60)
                    : "Allegation " + i + " at " + s.name();
            es.put(Indices.INCIDENTS, "inc-" + i, DashboardData.incident("inc-" + i, s, categories.get(i % 4), i == 3 ? 99 : 20 + (i * 37) % 79,
                    "new", day, title), Es.Refresh.NONE);
        }
        for (int i = 0; i < 5; i++) {
            es.put(Indices.ALERTS, "a" + i, DashboardData.alert("a" + i, i == 4 ? "digest" : "first", "email",
                    i == 2 ? "failed" : "sent", stations.get(i).id(), "inc-" + i, "2023-11-1" + i + "T08:00:00Z"), Es.Refresh.NONE);
        }
        es.refresh(Indices.INCIDENTS);
        es.refresh(Indices.ALERTS);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void signInSeeTheDashboardAndSignOut() {
        try (Browser browser = Browser.open(console.url())) {
            browser.go("/");
            assertThat(browser.path()).startsWith("/login");
            browser.waitFor("#sign-in");
            browser.screenshot("01-login");
            browser.assertClean();

            browser.type("#username", "sara").type("#password", ConsoleFixture.PASSWORD).click("#sign-in");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.find("h1").getText()).isEqualTo("Dashboard");
            assertThat(browser.find("header .who").getText()).contains("sara");
            assertThat(browser.findAll("#chart-stations polyline")).hasSize(7);
            assertThat(browser.findAll("#top-incidents .top-incident a.incident-link")).hasSize(10);
            assertThat(browser.findAll("#alerts-table .alert-row")).hasSize(5);
            browser.screenshot("02-dashboard");
            browser.assertClean();

            browser.go("/audit");
            browser.waitFor("#audit-form");
            assertThat(browser.findAll("#audit-table .audit-row .audit-action")).extracting(e -> e.getText()).contains("login");
            browser.screenshot("03-audit");
            browser.assertClean();

            browser.click("header .signout button");
            assertThat(browser.path()).startsWith("/login");
            browser.go("/");
            assertThat(browser.path()).as("signed out").startsWith("/login");
            browser.screenshot("04-signed-out");
            browser.assertClean();
        }
    }

    @Test
    void anAdminAddsAUserThroughTheForm() {
        try (Browser browser = Browser.open(console.url())) {
            browser.signIn("adam", ConsoleFixture.PASSWORD);
            browser.go("/admin/users");
            browser.type("#u-name", "browsie").type("#u-password", "a long enough password").type("#u-walls", "khi-preedy");
            browser.click("#user-submit");
            assertThat(browser.find(".notice").getText()).contains("Added browsie");
            assertThat(browser.findAll("#users-table .user-row")).hasSize(4);
            browser.screenshot("05-admin-users");
            browser.assertClean();
        }
        assertThat(new Users(console.es()).find("browsie").orElseThrow().walledStations()).containsExactly("khi-preedy");
    }
}
