package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.console.ConsoleApp;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.schema.SchemaInstaller;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine;

/** {@code bin/monitor user add} and the demo's console, against the shared test Elasticsearch as an external one. */
@ExtendWith(SharedElasticsearch.class)
class ConsoleCommandsITCase {

    @TempDir
    Path dir;

    Path config;
    RestClient client;

    @BeforeEach
    void settings() throws Exception {
        client = SharedElasticsearch.restClient();
        TestIndices.deleteAll(client);
        new SchemaInstaller(client, 0, "1s").install();
        config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                elasticsearch:
                  mode: external
                  hosts: ["%s"]
                enrich:
                  stations: %s
                console:
                  port: 0
                  secure-cookies: false
                """.formatted(SharedElasticsearch.url(), ProjectRoot.find().resolve("config/stations.yaml")));
    }

    @Test
    void userAddReadsThePasswordFromStandardInputAndAuditsTheAccount() throws Exception {
        Result r = monitor("a long enough password\n", "user", "add", "Sana", "--role", "investigator", "--walls", "khi-preedy");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Added sana (investigator), walled off from khi-preedy.");
        User sana = new Users(new Es(client)).find("sana").orElseThrow();
        assertThat(sana.role()).isEqualTo(Role.INVESTIGATOR);
        assertThat(sana.walledStations()).containsExactly("khi-preedy");
        assertThat(sana.passwordHash()).doesNotContain("a long enough password");
        new Es(client).refresh(Indices.AUDIT);
        assertThat(auditOf("user_added")).contains("\"target\":\"sana\"").contains("\"role\":\"cli\"");

        assertThat(monitor("short\n", "user", "add", "tariq", "--role", "admin").err()).contains("at least 12 characters");
        assertThat(monitor("a long enough password\n", "user", "add", "tariq", "--role", "king").err()).contains("role must be");
        assertThat(monitor("a long enough password\n", "user", "add", "tariq", "--role", "admin", "--walls", "khi-atlantis").err())
                .contains("not in the station directory: khi-atlantis");
        assertThat(monitor("a long enough password\n", "user", "add", "sana", "--role", "admin").err()).contains("is taken");
        assertThat(new Users(new Es(client)).find("tariq")).isEmpty();
    }

    @Test
    void theDemoConsoleHasAnAccountWithANewPasswordEachRun() throws Exception {
        MonitorSettings settings = MonitorSettings.load(config, dir);
        String first;
        try (ConsoleApp console = startConsole(settings)) {
            first = password(lastOutput);
            assertThat(lastOutput).contains("Console: " + console.url())
                    .contains("  sign in as demo with password " + first + " (a supervisor; the password is new each demo run)")
                    .contains("  more accounts: bin/monitor user add NAME --role investigator|supervisor|admin");
            assertThat(login(console.url(), "demo", first)).isEqualTo(302);
        }
        try (ConsoleApp console = startConsole(settings)) {
            String second = password(lastOutput);
            assertThat(second).isNotEqualTo(first);
            assertThat(login(console.url(), "demo", first)).as("the last run's password").isEqualTo(401);
            assertThat(login(console.url(), "demo", second)).isEqualTo(302);
        }
        assertThat(new Users(new Es(client)).find("demo").orElseThrow().role()).isEqualTo(Role.SUPERVISOR);
    }

    private String lastOutput;

    private ConsoleApp startConsole(MonitorSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleApp console = RunCommand.startConsole(settings, client, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        lastOutput = bytes.toString(StandardCharsets.UTF_8);
        assertThat(console).as(lastOutput).isNotNull();
        return console;
    }

    private static String password(String output) {
        Matcher m = Pattern.compile("with password (\\S+) ").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    /** The status of a form sign-in: 302 in, 401 refused. */
    private static int login(String base, String user, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();
        String form = "_csrf=" + token.group(1) + "&username=" + user + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String auditOf(String action) {
        com.fasterxml.jackson.databind.node.ObjectNode q = Es.JSON.createObjectNode();
        q.putObject("query").putObject("term").put("action", action);
        return new Es(client).search(Indices.AUDIT, q).at("/hits/hits").toString();
    }

    record Result(int code, String out, String err) {}

    /** Runs {@code bin/monitor args --config <the test's>} in this JVM with {@code stdin} as standard input. */
    private Result monitor(String stdin, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cmd = new CommandLine(new MonitorCommand());
            cmd.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            cmd.setExecutionExceptionHandler((e, c, parsed) -> {
                c.getErr().println("error: " + MonitorCommand.messageOf(e));
                return 1;
            });
            int code = cmd.execute(all);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
    }
}
