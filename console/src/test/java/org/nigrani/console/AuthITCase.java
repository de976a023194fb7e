package org.nigrani.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nigrani.console.testing.ConsoleFixture;
import org.nigrani.console.testing.Http;
import org.nigrani.elastic.testing.SharedElasticsearch;

@ExtendWith(SharedElasticsearch.class)
class AuthITCase {

    static ConsoleFixture console;

    @BeforeAll
    static void start() {
        console = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void signingInGivesAHardenedSessionCookieAndTheConsole() {
        Http http = new Http(console.url());
        HttpResponse<String> home = http.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValue("/login?next=%2F");

        HttpResponse<String> login = http.login("ivan", ConsoleFixture.PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("nigrani_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Secure");
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ivan");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled() {
        Http http = new Http(console.url());
        assertThat(http.login("sara", "wrong password!").statusCode()).isEqualTo(401);
        for (int i = 0; i < 5; i++) {
            http.login("sara", "wrong password!");
        }
        HttpResponse<String> throttled = http.login("sara", ConsoleFixture.PASSWORD);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed sign-ins");
    }

    @Test
    void aFormWithoutItsTokenIsRefused() {
        Http http = new Http(console.url());
        http.get("/login");
        assertThat(http.post("/login", Map.of("username", "ivan", "password", ConsoleFixture.PASSWORD)).statusCode()).isEqualTo(403);
        http.login("ivan", ConsoleFixture.PASSWORD);
        assertThat(http.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(http.postJson("/api/logout", "{}", null).statusCode()).isEqualTo(403);
    }

    @Test
    void theApiSignsInWithJsonAndNeedsItsTokenForChanges() {
        Http http = new Http(console.url());
        assertThat(http.get("/api/session").statusCode()).isEqualTo(401);
        HttpResponse<String> login = http.postJson("/api/login", "{\"username\":\"adam\",\"password\":\"" + ConsoleFixture.PASSWORD + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"role\":\"admin\"").contains("csrf_token");
        String token = login.body().replaceAll(".*\"csrf_token\":\"([^\"]+)\".*", "$1");
        assertThat(http.postJson("/api/logout", "{}", token).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void rolesGuardTheirRoutes() {
        Http ivan = new Http(console.url());
        ivan.login("ivan", ConsoleFixture.PASSWORD);
        assertThat(ivan.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(ivan.get("/audit").statusCode()).isEqualTo(403);
        assertThat(ivan.get("/api/admin/users").statusCode()).isEqualTo(403);
    }
}
