package org.nigrani.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * How to reach an Elasticsearch cluster: hosts, the names of the environment variables holding its
 * secrets, and an optional CA certificate.
 *
 * <p>Only variable names travel with the job graph; the secrets are read where the client is built,
 * so they never appear in a serialized job, a log line or a configuration file.
 */
public record ElasticConnection(
        List<URI> hosts,
        String apiKeyEnv,
        String usernameEnv,
        String passwordEnv,
        Path caCertificate,
        Duration connectTimeout,
        Duration socketTimeout)
        implements Serializable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    public ElasticConnection {
        Objects.requireNonNull(hosts, "hosts");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts: at least one Elasticsearch URL is required");
        }
        for (URI host : hosts) {
            if (!"http".equals(host.getScheme()) && !"https".equals(host.getScheme())) {
                throw new IllegalArgumentException("hosts: '" + host + "' must be an http:// or https:// URL");
            }
            if (host.getHost() == null) {
                throw new IllegalArgumentException("hosts: '" + host + "' has no host name");
            }
        }
        hosts = List.copyOf(hosts);
        if ((usernameEnv == null) != (passwordEnv == null)) {
            throw new IllegalArgumentException("username-env and password-env must be set together");
        }
        if (apiKeyEnv != null && usernameEnv != null) {
            throw new IllegalArgumentException("set either api-key-env or username-env/password-env, not both");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        socketTimeout = socketTimeout == null ? DEFAULT_SOCKET_TIMEOUT : socketTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("connect and socket timeouts must be positive");
        }
    }

    /** A connection to one unauthenticated local node, as the embedded default and the tests use. */
    public static ElasticConnection local(URI url) {
        return new ElasticConnection(List.of(url), null, null, null, null, null, null);
    }

    /** Builds a low-level client; the caller closes it. Reads secrets from the process environment. */
    public RestClient openRestClient() {
        return openRestClient(System::getenv);
    }

    RestClient openRestClient(Function<String, String> environment) {
        HttpHost[] httpHosts = hosts.stream()
                .map(u -> new HttpHost(u.getHost(), u.getPort() < 0 ? defaultPort(u) : u.getPort(), u.getScheme()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(httpHosts)
                .setRequestConfigCallback(rc -> rc
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis()));
        Header auth = authorization(environment);
        if (auth != null) {
            builder.setDefaultHeaders(new Header[] {auth});
        }
        if (caCertificate != null) {
            SSLContext ssl = sslContextTrusting(caCertificate);
            builder.setHttpClientConfigCallback(hc -> hc.setSSLContext(ssl));
        }
        return builder.build();
    }

    private Header authorization(Function<String, String> environment) {
        if (apiKeyEnv != null) {
            return new BasicHeader("Authorization", "ApiKey " + required(environment, apiKeyEnv));
        }
        if (usernameEnv != null) {
            String basic = required(environment, usernameEnv) + ":" + required(environment, passwordEnv);
            return new BasicHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return null;
    }

    private static String required(Function<String, String> environment, String variable) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set (it holds an Elasticsearch credential)");
        }
        return value;
    }

    private static int defaultPort(URI u) {
        return "https".equals(u.getScheme()) ? 443 : 9200;
    }

    /**
     * TLS that trusts exactly the certificates in a PEM file: a cluster's (or a mail server's) private CA.
     * A message names the file, since the operator has to fix it.
     */
    public static SSLContext sslContextTrusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ca-certificate: cannot read a PEM certificate from " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** For log lines: the hosts and which credential kind is used, never the secret. */
    public Map<String, Object> describe() {
        return Map.of("hosts", hosts.toString(),
                "auth", apiKeyEnv != null ? "api key from $" + apiKeyEnv
                        : usernameEnv != null ? "basic from $" + usernameEnv + "/$" + passwordEnv : "none");
    }
}
