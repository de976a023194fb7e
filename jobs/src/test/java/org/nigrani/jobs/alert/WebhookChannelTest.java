package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.alert.AlertFixtures.CLOCK;
import static org.nigrani.jobs.alert.AlertFixtures.SETTINGS;
import static org.nigrani.jobs.alert.AlertFixtures.SUPER_HIGHWAY;
import static org.nigrani.jobs.alert.AlertFixtures.WITNESS_TITLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nigrani.jobs.incident.Incident;

class WebhookChannelTest {

    /** Chat webhooks carry their secret in the path or the query; neither may reach a message or a log. */
    private static final String SECRET_PATH = "/hooks/T0001/B0002/s3cr3tPathToken";
    private static final String SECRET_QUERY = "token=s3cr3tQueryToken";

    private final AlertEmail email = new AlertEmail(SETTINGS, CLOCK);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<Request> received = new AtomicReference<>();
    private HttpServer server;

    private record Request(String method, String path, String query, String contentType, String idempotencyKey,
            byte[] body) {}

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.set(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + SECRET_PATH + "?" + SECRET_QUERY);
    }

    private WebhookChannel channel() {
        return new WebhookChannel(url(server.getAddress().getPort()), email, Duration.ofSeconds(5));
    }

    private static Alert witnessAlert() {
        Incident incident = AlertFixtures.incident(WITNESS_TITLE, List.of(SUPER_HIGHWAY), 2);
        return Alert.about(Alert.ESCALATION, new Recipient("Station House Officer SITE Super Highway",
                "sho.site-super-highway.khi@example.org", "khi-site-super-highway"), 2, "video evidence appeared",
                incident, false);
    }

    @Test
    void postsTheFactsAsJsonWithoutWitnessDetails() throws Exception {
        Alert alert = witnessAlert();
        WebhookChannel channel = channel();
        channel.deliver(alert.id(), channel.render(alert));

        Request r = received.get();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(SECRET_PATH);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.idempotencyKey()).isEqualTo(alert.id());

        JsonNode json = new ObjectMapper().readTree(r.body());
        Incident incident = alert.lead();
        String link = "https://console.nigrani.example/incidents/" + incident.state().id();
        assertThat(json.path("alert").path("id").asText()).isEqualTo(alert.id());
        assertThat(json.path("alert").path("kind").asText()).isEqualTo(Alert.ESCALATION);
        assertThat(json.path("alert").path("sequence").asInt()).isEqualTo(2);
        assertThat(json.path("alert").path("station_id").asText()).isEqualTo("khi-site-super-highway");
        assertThat(json.path("incidents")).hasSize(1);
        JsonNode i = json.path("incidents").get(0);
        assertThat(i.path("id").asText()).isEqualTo(incident.state().id());
        assertThat(i.path("band").asText()).isEqualTo(incident.priority().band());
        assertThat(i.path("score").asInt()).isEqualTo(incident.priority().score());
        assertThat(i.path("link").asText()).isEqualTo(link);
        assertThat(i.path("summary").asText()).contains("Police beat a man", "@[handle]", "[link]", "[phone]");
        assertThat(json.path("text").asText()).contains(email.subject(alert), "video evidence appeared", link);

        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("witness_handle", "author_", "x.com", "status/", "1234567", "video.example",
                incident.state().firstPostId());
    }

    @Test
    void theIdempotencyKeyIsTheAlertIdMadeHeaderSafe() {
        Alert alert = witnessAlert();
        WebhookChannel channel = channel();
        channel.deliver("inc-1/2 3\r\nX-Evil: 1", channel.render(alert));
        assertThat(received.get().idempotencyKey()).isEqualTo("inc-1_2_3__X-Evil:_1");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204})
    void twoHundredsAreDelivered(int code) {
        status.set(code);
        Alert alert = witnessAlert();
        WebhookChannel channel = channel();
        channel.deliver(alert.id(), channel.render(alert));
        assertThat(received.get()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 500, 502, 429, 408})
    void overloadAndServerErrorsAreRetried(int code) {
        status.set(code);
        assertThatThrownBy(() -> channel().deliver("a-1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MailSender.MailSendException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP " + code);
                    assertNoSecret(e);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 301})
    void otherRefusalsArePermanent(int code) {
        status.set(code);
        assertThatThrownBy(() -> channel().deliver("a-1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MailSender.MailSendException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP " + code);
                    assertNoSecret(e);
                });
    }

    @Test
    void aRefusedConnectionIsRetriedAndDoesNotNameTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WebhookChannel channel = new WebhookChannel(url(closedPort), email, Duration.ofSeconds(5));
        assertThatThrownBy(() -> channel.deliver("a-1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MailSender.MailSendException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("a-1");
                    assertNoSecret(e);
                });
        assertThat(channel.toString()).doesNotContain("s3cr3t", "hooks");
    }

    @Test
    void onlyHttpUrlsWithAHostAreAccepted() {
        assertThatThrownBy(() -> new WebhookChannel(URI.create("file:///etc/passwd"), email, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookChannel(URI.create("ftp://example.org/x"), email, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Neither the exception nor any cause it carries (both end up in logs) names the URL's path or query. */
    private static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t", "hooks/", "token=");
        }
    }
}
