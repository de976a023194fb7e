package org.nigrani.jobs.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentState;

/**
 * Alerts as a JSON POST, for chat tools: a {@code text} line that Slack, Mattermost and Teams-style incoming
 * webhooks show as is, and the same facts as fields. The same witness protection as the email: no author, no post
 * link, post text only as {@link AlertEmail#quote} allows. The body is built by Jackson, never by concatenation.
 *
 * <p>2xx is delivered; 408, 429 and 5xx are retried; any other status is refused for good. Each request carries
 * {@code Idempotency-Key: <alert id>} for receivers that deduplicate.
 */
final class WebhookChannel implements AlertChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final AlertEmail email;
    private final HttpClient http;
    private final Duration timeout;

    WebhookChannel(URI url, AlertEmail email, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        if (!httpUrl(url)) {
            throw new IllegalArgumentException("the webhook URL must be http(s) with a host");
        }
        this.email = Objects.requireNonNull(email, "email");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether {@code url} is an http(s) URL with a host: the only kind a webhook may be. */
    static boolean httpUrl(URI url) {
        return url.getHost() != null && ("https".equals(url.getScheme()) || "http".equals(url.getScheme()));
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String subject(Alert alert) {
        return email.subject(alert);
    }

    @Override
    public byte[] render(Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        StringBuilder text = new StringBuilder(email.subject(alert)).append(" (for ").append(alert.to().name()).append(')');
        text.append('\n').append(alert.reason());
        ObjectNode a = root.putObject("alert");
        a.put("id", alert.id());
        a.put("kind", alert.kind());
        a.put("sequence", alert.sequence());
        a.put("reason", alert.reason());
        a.put("for", alert.to().name());
        a.put("station_id", alert.to().stationId());
        ArrayNode list = root.putArray("incidents");
        for (Incident incident : alert.incidents()) {
            IncidentState s = incident.state();
            String link = email.link(s);
            text.append('\n').append(link);
            ObjectNode i = list.addObject();
            i.put("id", s.id());
            i.put("band", incident.priority().band());
            i.put("score", incident.priority().score());
            ArrayNode stations = i.putArray("stations");
            s.stations().stream().map(Enrichment.StationRef::name).forEach(stations::add);
            i.put("city", s.city());
            i.put("category", s.category());
            i.put("posts", s.postCount());
            i.put("views", s.views());
            i.put("video", s.hasVideo());
            String quote = email.quote(s.title());
            if (quote != null) {
                i.put("summary", quote);
            }
            i.put("link", link);
        }
        root.put("text", text.toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not render the webhook body of " + alert.id(), e);
        }
    }

    @Override
    public void deliver(String id, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", id.replaceAll("[^A-Za-z0-9._:-]", "_"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // The URL is not named: it often carries the webhook's secret.
            throw new MailSender.MailSendException("webhook POST of " + id + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailSender.MailSendException("webhook POST of " + id + " interrupted", e);
        }
        if (status / 100 == 2) {
            return;
        }
        boolean retriable = status == 408 || status == 429 || status >= 500;
        throw new MailSender.MailSendException("webhook POST of " + id + " answered HTTP " + status, null, !retriable);
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + url.getScheme() + "://" + url.getHost() + "/…]";
    }
}
