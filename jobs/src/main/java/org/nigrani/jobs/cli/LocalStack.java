package org.nigrani.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.local.LocalElasticsearch;
import org.nigrani.elastic.local.LocalElasticsearchSettings;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.settings.ElasticsearchSettings;
import org.nigrani.jobs.settings.MonitorSettings;

/**
 * The Elasticsearch a local run writes to: the embedded one, started here and stopped on close, or the
 * operator's cluster; with the index schema installed either way.
 */
final class LocalStack implements AutoCloseable {

    private final LocalElasticsearch embedded;
    private final ElasticConnection connection;

    private LocalStack(LocalElasticsearch embedded, ElasticConnection connection) {
        this.embedded = embedded;
        this.connection = connection;
    }

    static LocalStack open(MonitorSettings settings, Path projectRoot, PrintStream out) {
        ElasticsearchSettings es = settings.elasticsearch();
        LocalStack stack;
        if (es.embedded()) {
            out.printf("Starting the embedded Elasticsearch (data in %s) ...%n", projectRoot.relativize(es.embeddedDataDir().toAbsolutePath()));
            long begin = System.nanoTime();
            LocalElasticsearch local = LocalElasticsearch.start(LocalElasticsearchSettings.forProject(projectRoot)
                    .withDataDir(es.embeddedDataDir())
                    .withHttpPort(es.embeddedPort())
                    .withHeap(es.embeddedHeap())
                    .withReuseRunning(true));
            out.printf("Elasticsearch is ready at %s (%.1f s)%n", local.url(), (System.nanoTime() - begin) / 1e9);
            stack = new LocalStack(local, ElasticConnection.local(local.url()));
        } else {
            out.printf("Using Elasticsearch at %s%n", es.hosts());
            stack = new LocalStack(null, es.externalConnection());
        }
        Environments.installSchema(stack.connection, settings.index());
        return stack;
    }

    ElasticConnection connection() {
        return connection;
    }

    String url() {
        return connection.hosts().get(0).toString().replaceAll("/$", "");
    }

    /** Makes what was indexed searchable now, then counts documents behind an index or alias (0 if absent). */
    long count(String indexOrAlias) {
        try (RestClient client = connection.openRestClient()) {
            client.performRequest(new Request("POST", "/" + indexOrAlias + "/_refresh?ignore_unavailable=true&allow_no_indices=true"));
            Request count = new Request("GET", "/" + indexOrAlias + "/_count?ignore_unavailable=true&allow_no_indices=true");
            String body = EntityUtils.toString(client.performRequest(count).getEntity());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("count").asLong();
        } catch (ResponseException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count documents in " + indexOrAlias, e);
        }
    }

    /** The post ids of every flagged post (up to 10,000), for comparing a demo run with its answer key. */
    java.util.Set<String> flaggedPostIds() {
        try (RestClient client = connection.openRestClient()) {
            Request search = new Request("POST", "/" + Indices.FLAGGED_POSTS + "/_search?ignore_unavailable=true&allow_no_indices=true");
            search.setJsonEntity("{\"size\":10000,\"_source\":[\"nigrani.post_id\"],\"query\":{\"match_all\":{}}}");
            String body = EntityUtils.toString(client.performRequest(search).getEntity());
            java.util.Set<String> ids = new java.util.HashSet<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("hits").path("hits")
                    .forEach(hit -> ids.add(hit.path("_source").path("nigrani").path("post_id").asText()));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flagged posts back", e);
        }
    }

    /** The most urgent incidents, highest priority first. */
    java.util.List<com.fasterxml.jackson.databind.JsonNode> topIncidents(int n) {
        return sources(connection, Indices.INCIDENTS, "{\"size\":" + n + ",\"sort\":[{\"nigrani.priority.score\":\"desc\"},"
                + "{\"nigrani.incident.post_count\":\"desc\"}],\"query\":{\"match_all\":{}}}").stream()
                .map(hit -> hit.path("nigrani")).toList();
    }

    /** The evidence items recorded on flagged posts (up to 10,000 posts), each post's list in turn. */
    java.util.List<com.fasterxml.jackson.databind.JsonNode> evidenceItems() {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> items = new java.util.ArrayList<>();
        sources(connection, Indices.FLAGGED_POSTS, "{\"size\":10000,\"_source\":[\"nigrani.evidence\"],\"query\":{\"match_all\":{}}}")
                .forEach(post -> post.path("nigrani").path("evidence").forEach(items::add));
        return items;
    }

    /** The alert outbox's documents, oldest first (up to {@code n}), without their bodies. */
    java.util.List<com.fasterxml.jackson.databind.JsonNode> alerts(int n) {
        return alerts(connection, n);
    }

    static java.util.List<com.fasterxml.jackson.databind.JsonNode> alerts(ElasticConnection connection, int n) {
        refresh(connection, Indices.ALERTS); // the last deliveries were recorded a moment ago
        return sources(connection, Indices.ALERTS, "{\"size\":" + n + ",\"_source\":{\"excludes\":[\"body\"]},"
                + "\"sort\":[{\"alert.created\":\"asc\"}],\"query\":{\"match_all\":{}}}");
    }

    private static void refresh(ElasticConnection connection, String index) {
        try (RestClient client = connection.openRestClient()) {
            client.performRequest(new Request("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh " + index, e);
        }
    }

    /** The {@code _source} of each hit of a search; none when the index is absent. */
    private static java.util.List<com.fasterxml.jackson.databind.JsonNode> sources(ElasticConnection connection, String index,
            String body) {
        try (RestClient client = connection.openRestClient()) {
            Request search = new Request("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true");
            search.setJsonEntity(body);
            String response = EntityUtils.toString(client.performRequest(search).getEntity());
            java.util.List<com.fasterxml.jackson.databind.JsonNode> hits = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(response).path("hits").path("hits")
                    .forEach(hit -> hits.add(hit.path("_source")));
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + index, e);
        }
    }

    /**
     * Deletes the monitor's indices (flagged posts, incidents, dead letters, alerts, the custody log), so a demo starts
     * from nothing. The evidence store's files stay: a demo run again finds them stored and links to them.
     */
    void clearIndices() {
        clearIndices(connection);
    }

    static void clearIndices(ElasticConnection connection) {
        try (RestClient client = connection.openRestClient()) {
            client.performRequest(new Request("DELETE", "/" + Indices.FLAGGED_POSTS + "-*," + Indices.DEAD_LETTER
                    + "," + Indices.INCIDENTS + "," + Indices.ALERTS + "," + Indices.EVIDENCE + "?ignore_unavailable=true&allow_no_indices=true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the monitor's indices", e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
