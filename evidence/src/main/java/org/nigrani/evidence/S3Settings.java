package org.nigrani.evidence;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where the S3-compatible evidence store is (AWS S3, MinIO, Ceph RGW, ...). The credentials are not here: only the
 * NAMES of the environment variables holding them, so settings can be logged, serialised and shown without leaking
 * a secret.
 *
 * @param endpoint the service's base URL, http or https, without a path (e.g. {@code https://s3.eu-central-1.amazonaws.com})
 * @param region the signing region ({@code us-east-1} for most non-AWS servers)
 * @param bucket the bucket; it must exist
 * @param prefix prepended to every key, e.g. {@code nigrani/}; empty for none (a missing trailing {@code /} is added)
 * @param accessKeyEnv the environment variable holding the access key id
 * @param secretKeyEnv the environment variable holding the secret access key
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; MinIO and Ceph need it,
 *     AWS accepts it
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKeyEnv,
        String secretKeyEnv, boolean pathStyle) implements Serializable {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_PREFIX = "";
    public static final String DEFAULT_ACCESS_KEY_ENV = "NIGRANI_S3_ACCESS_KEY";
    public static final String DEFAULT_SECRET_KEY_ENV = "NIGRANI_S3_SECRET_KEY";
    public static final boolean DEFAULT_PATH_STYLE = true;

    private static final String KEY = "evidence.s3.";
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // The S3 rules for new buckets: 3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/-]{0,512}");

    public S3Settings {
        endpoint = checkedEndpoint(endpoint);
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(KEY + "region must be a region name such as " + DEFAULT_REGION
                    + " (letters, digits, '-', '_'), was " + quoted(region));
        }
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException(KEY + "bucket must be an S3 bucket name (3-63 lowercase letters, "
                    + "digits, '.' and '-', starting and ending with a letter or digit), was " + quoted(bucket));
        }
        prefix = checkedPrefix(prefix);
        checkedEnvName("access-key-env", accessKeyEnv);
        checkedEnvName("secret-key-env", secretKeyEnv);
        if (accessKeyEnv.equals(secretKeyEnv)) {
            throw new IllegalArgumentException(KEY + "access-key-env and " + KEY + "secret-key-env both name "
                    + accessKeyEnv + "; the access key and the secret key need a variable each");
        }
    }

    /** Settings with every default but the three that have none. */
    public static S3Settings of(URI endpoint, String bucket) {
        return new S3Settings(endpoint, DEFAULT_REGION, bucket, DEFAULT_PREFIX, DEFAULT_ACCESS_KEY_ENV,
                DEFAULT_SECRET_KEY_ENV, DEFAULT_PATH_STYLE);
    }

    /**
     * The access key id from {@code env} (the process environment in production).
     *
     * @throws IllegalStateException naming the variable when it is unset or empty
     */
    String accessKey(Function<String, String> env) {
        return fromEnv(env, "access-key-env", accessKeyEnv);
    }

    /** The secret key from {@code env}; never put it in a message or a log. */
    String secretKey(Function<String, String> env) {
        return fromEnv(env, "secret-key-env", secretKeyEnv);
    }

    private static String fromEnv(Function<String, String> env, String key, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the S3 evidence store needs the environment variable " + name
                    + " (named by " + KEY + key + "), but it is " + (value == null ? "not set" : "empty"));
        }
        return value.strip();
    }

    private static URI checkedEndpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, KEY + "endpoint");
        if (endpoint.getRawUserInfo() != null) {
            // Not echoed: the user info may be a key pair pasted into the URL.
            throw new IllegalArgumentException(KEY + "endpoint must not carry credentials; name the variables that "
                    + "hold them in " + KEY + "access-key-env and " + KEY + "secret-key-env");
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(KEY + "endpoint must be an http or https URL, was " + endpoint);
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException(KEY + "endpoint has no host: " + endpoint);
        }
        String path = endpoint.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || endpoint.getRawQuery() != null
                || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException(KEY + "endpoint must be a bare base URL such as "
                    + "https://s3.eu-central-1.amazonaws.com (no path, query or fragment), was " + endpoint);
        }
        return URI.create(scheme + "://" + endpoint.getRawAuthority());
    }

    private static String checkedPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return DEFAULT_PREFIX;
        }
        if (!PREFIX.matcher(prefix).matches() || prefix.startsWith("/") || prefix.contains("//")
                || ("/" + prefix + "/").contains("/../") || ("/" + prefix + "/").contains("/./")) {
            throw new IllegalArgumentException(KEY + "prefix must be a relative key prefix such as nigrani/ "
                    + "(letters, digits and !_.*'()-/, no empty, '.' or '..' parts, at most 512), was "
                    + quoted(prefix));
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static void checkedEnvName(String key, String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            // Not echoed: someone may have pasted the key itself where its variable's name belongs.
            throw new IllegalArgumentException(KEY + key + " must be the NAME of an environment variable (letters, "
                    + "digits and '_', e.g. " + ("access-key-env".equals(key) ? DEFAULT_ACCESS_KEY_ENV
                            : DEFAULT_SECRET_KEY_ENV) + "), not the key itself");
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : '"' + s.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
