package org.nigrani.jobs.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.nigrani.elastic.ElasticConnection;

/**
 * Which Elasticsearch to use: one the monitor starts itself ({@code embedded}) or the operator's own cluster.
 */
public record ElasticsearchSettings(
        String mode,
        List<URI> hosts,
        String apiKeyEnv,
        String usernameEnv,
        String passwordEnv,
        Path caCertificate,
        int embeddedPort,
        String embeddedHeap,
        Path embeddedDataDir) {

    public static final int DEFAULT_EMBEDDED_PORT = 9200;
    public static final String DEFAULT_EMBEDDED_HEAP = "512m";
    public static final String DEFAULT_EMBEDDED_DATA_DIR = ".local/es-data";

    public ElasticsearchSettings {
        hosts = List.copyOf(hosts);
        if ("external".equals(mode) && hosts.isEmpty()) {
            throw new IllegalArgumentException("elasticsearch.hosts is required when elasticsearch.mode is external");
        }
        if ("embedded".equals(mode) && (apiKeyEnv != null || usernameEnv != null || caCertificate != null || !hosts.isEmpty())) {
            throw new IllegalArgumentException("elasticsearch.hosts, api-key-env, username-env and ca-certificate apply only "
                    + "when elasticsearch.mode is external");
        }
        if (embeddedPort < 1 || embeddedPort > 65535) {
            throw new IllegalArgumentException("elasticsearch.embedded.port must be 1..65535, was " + embeddedPort);
        }
        if (!embeddedHeap.matches("\\d+[mg]")) {
            throw new IllegalArgumentException("elasticsearch.embedded.heap must look like 512m or 1g, was '" + embeddedHeap + "'");
        }
    }

    public boolean embedded() {
        return "embedded".equals(mode);
    }

    /** The connection to the operator's cluster (external mode). */
    public ElasticConnection externalConnection() {
        return new ElasticConnection(hosts, apiKeyEnv, usernameEnv, passwordEnv, caCertificate, null, null);
    }
}
