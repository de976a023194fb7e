package org.nigrani.elastic.testing;

import java.io.IOException;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/** Cleans the shared test Elasticsearch between tests, so one test's indices cannot leak into the next. */
public final class TestIndices {

    private TestIndices() {
    }

    /**
     * Deletes every index except system ones (names starting with a dot), hidden ones included, with their aliases.
     * Works because LocalElasticsearch sets {@code action.destructive_requires_name: false}.
     */
    public static void deleteAll(RestClient client) throws IOException {
        Request request = new Request("DELETE", "/*,-.*");
        request.addParameter("expand_wildcards", "all");
        client.performRequest(request);
    }
}
