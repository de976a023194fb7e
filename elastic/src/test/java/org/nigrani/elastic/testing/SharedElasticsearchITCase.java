package org.nigrani.elastic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared test instance and the index clean-up other modules rely on. */
@ExtendWith(SharedElasticsearch.class)
class SharedElasticsearchITCase {

    private final RestClient client = SharedElasticsearch.restClient();

    @AfterEach
    void cleanUp() throws IOException {
        TestIndices.deleteAll(client);
    }

    @Test
    void everyAccessorPointsAtTheSameRunningInstance() throws IOException {
        assertThat(SharedElasticsearch.instance().isRunning()).isTrue();
        assertThat(SharedElasticsearch.url()).isEqualTo(SharedElasticsearch.instance().url());
        assertThat(SharedElasticsearch.instance().port()).isNotEqualTo(9200);
        assertThat(SharedElasticsearch.instance().dataDir().toString()).contains("/.local/test-es/");

        assertThat(body(client.performRequest(new Request("GET", "/_cluster/health"))))
                .contains("\"cluster_name\":\"nigrani-local\"");
    }

    @Test
    void deleteAllRemovesEveryIndexHiddenOnesIncluded() throws IOException {
        put("/posts/_doc/1?refresh=true", "{\"text\":\"one\"}");
        put("/incidents", "{\"aliases\":{\"incidents-read\":{}}}");
        put("/quiet", "{\"settings\":{\"index.hidden\":true}}");

        TestIndices.deleteAll(client);

        Request list = new Request("GET", "/_cat/indices");
        list.addParameter("expand_wildcards", "all");
        list.addParameter("h", "index");
        String remaining = body(client.performRequest(list));
        assertThat(remaining.lines().filter(index -> !index.startsWith("."))).isEmpty();
        assertThat(body(client.performRequest(new Request("GET", "/_cat/aliases")))).doesNotContain("incidents-read");
    }

    private void put(String path, String json) throws IOException {
        Request request = new Request("PUT", path);
        request.setJsonEntity(json);
        client.performRequest(request);
    }

    private static String body(Response response) throws IOException {
        return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    }
}
