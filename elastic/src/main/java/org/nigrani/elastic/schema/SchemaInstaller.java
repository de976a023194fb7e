package org.nigrani.elastic.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Installs the index templates the pipeline relies on, before any document is written.
 *
 * <p>Templates rather than explicit index creation, because flagged posts go to dated indices that appear
 * as posts from a new month arrive; each one then gets the strict mapping and joins the read alias.
 */
public final class SchemaInstaller {

    /** Template name → resource holding its body. */
    static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("nigrani-flagged-posts", "flagged-posts.json"),
            Map.entry("nigrani-deadletter", "monitor-deadletter.json"),
            Map.entry("nigrani-incidents", "incidents.json"),
            Map.entry("nigrani-alerts", "alerts.json"),
            Map.entry("nigrani-console-users", "console-users.json"),
            Map.entry("nigrani-audit", "audit.json"),
            Map.entry("nigrani-triage", "triage.json"),
            Map.entry("nigrani-feedback", "feedback.json"),
            Map.entry("nigrani-evidence", "evidence.json"));

    private final RestClient client;
    private final int replicas;
    private final String refreshInterval;

    public SchemaInstaller(RestClient client, int replicas, String refreshInterval) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
        }
        if (!refreshInterval.matches("-1|\\d+(ms|s|m)")) {
            throw new IllegalArgumentException("refresh interval must look like 1s, 500ms or -1, was '" + refreshInterval + "'");
        }
        this.client = client;
        this.replicas = replicas;
        this.refreshInterval = refreshInterval;
    }

    /** Puts every template (idempotent: a template of the same name is replaced). */
    public void install() {
        TEMPLATES.forEach((name, resource) -> {
            Request put = new Request("PUT", "/_index_template/" + name);
            put.setEntity(new NStringEntity(body(resource), ContentType.APPLICATION_JSON));
            try {
                client.performRequest(put);
            } catch (ResponseException e) {
                throw new IllegalStateException("Elasticsearch refused index template " + name + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install index template " + name + " (is Elasticsearch reachable?)", e);
            }
        });
    }

    String body(String resource) {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("index template resource missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"${replicas}\"", Integer.toString(replicas))
                    .replace("${refresh_interval}", refreshInterval);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
