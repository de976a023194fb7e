package org.nigrani.elastic.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Asks Elasticsearch whether its cluster is at least yellow ({@code GET /} answers 405 in this distribution). */
final class HealthProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private volatile String lastProblem = "not asked yet";

    HealthProbe(URI base) {
        this.base = base;
    }

    /** Waits up to {@code wait} on the server side for yellow; false if refused, timed out or red. */
    boolean isHealthy(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        URI uri = base.resolve("/_cluster/health?wait_for_status=yellow&timeout=" + seconds + "s");
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(seconds + 5)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            String status = body.path("status").asText("?");
            boolean healthy = response.statusCode() == 200 && !body.path("timed_out").asBoolean(false)
                    && ("yellow".equals(status) || "green".equals(status));
            lastProblem = healthy ? "none" : "HTTP " + response.statusCode() + ", cluster status " + status;
            return healthy;
        } catch (IOException e) {
            // Connection refused is the normal answer while the node is still starting.
            lastProblem = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalElasticsearchException("Interrupted while checking the health of " + base, e);
        }
    }

    /** What the last unsuccessful check saw, for error messages. */
    String lastProblem() {
        return lastProblem;
    }
}
