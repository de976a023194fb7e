package org.nigrani.jobs.alert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Delivers alerts through the durable outbox in Elasticsearch ({@link AlertOutbox}) by email and, when configured,
 * a webhook. Run it with parallelism 1: the writer that starts picks up every pending document in the outbox.
 * Only the settings travel with the job graph; the writer builds its channels and its client.
 */
public final class AlertSink implements Sink<Alert> {

    private final ElasticConnection connection;
    private final AlertSettings settings;
    private final String stationsPath;

    /** Excerpts know only common words as not being names. */
    public AlertSink(ElasticConnection connection, AlertSettings settings) {
        this(connection, settings, null);
    }

    /** @param stationsPath the station directory, whose place names an excerpt then does not take for people's */
    public AlertSink(ElasticConnection connection, AlertSettings settings, String stationsPath) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stationsPath = stationsPath;
    }

    /** The webhook URL from its variable, or null when none is configured; a configured but unset variable fails. */
    public static URI webhookUrl(AlertSettings settings) {
        if (settings.webhookUrlEnv() == null) {
            return null;
        }
        String value = System.getenv(settings.webhookUrlEnv());
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("alert.webhook.url-env names " + settings.webhookUrlEnv()
                    + ", which is not set: set it to the webhook URL, or remove the key");
        }
        URI url;
        try {
            url = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !WebhookChannel.httpUrl(url)) {
            // The value is not repeated: a webhook URL is a secret.
            throw new IllegalArgumentException("the variable " + settings.webhookUrlEnv() + " does not hold an http(s) URL");
        }
        return url;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        PersonNames names = stationsPath == null ? PersonNames.common() : PersonNames.of(StationDirectory.load(Path.of(stationsPath)));
        AlertEmail email = new AlertEmail(settings.email(), Clock.systemUTC(), names);
        MailSender sender = settings.smtp() != null ? new SmtpSender(settings.smtp()) : new OutboxFolder(Path.of(settings.outboxDir()));
        List<AlertChannel> channels = new ArrayList<>();
        channels.add(new EmailChannel(email, sender));
        URI webhook = webhookUrl(settings);
        if (webhook != null) {
            channels.add(new WebhookChannel(webhook, email, Duration.ofSeconds(10)));
        }
        return new AlertSinkWriter(connection.openRestClient(), channels, settings, context.metricGroup());
    }
}
