package org.nigrani.evidence;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Limits for fetching one media item. Hosts are allowed per platform, each entry an exact host or {@code *.suffix}
 * (which matches sub-domains only, not the bare suffix). {@code deadline} bounds an item across all attempts.
 */
public record FetchPolicy(Map<String, List<String>> allowedHosts, List<String> allowedContentTypes, long maxBytes,
        Duration connectTimeout, Duration readTimeout, Duration deadline, int maxRedirects, int attempts,
        Duration backoff) implements Serializable {

    /**
     * X's media hosts (videos, preview images and photos), common media types, 200 MB, 5 s to connect, 20 s between
     * bytes, two minutes per item over three attempts a second apart, five redirects.
     */
    public static final FetchPolicy DEFAULT = new FetchPolicy(
            Map.of("x", List.of("video.twimg.com", "pbs.twimg.com")),
            List.of("video/mp4", "image/jpeg", "image/png", "image/webp", "image/gif"),
            200L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(2), 5, 3,
            Duration.ofSeconds(1));

    public FetchPolicy {
        if (allowedHosts == null || allowedHosts.isEmpty()) {
            throw new IllegalArgumentException("allowedHosts: at least one platform with hosts is required");
        }
        Map<String, List<String>> hosts = new TreeMap<>();
        allowedHosts.forEach((platform, list) -> {
            if (platform == null || platform.isBlank()) {
                throw new IllegalArgumentException("allowedHosts: platform name is blank");
            }
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException("allowedHosts: platform '" + platform + "' has no hosts");
            }
            hosts.put(platform, list.stream().map(h -> checkedHost(platform, h)).toList());
        });
        allowedHosts = Map.copyOf(hosts);
        if (allowedContentTypes == null || allowedContentTypes.isEmpty()) {
            throw new IllegalArgumentException("allowedContentTypes: at least one content type is required");
        }
        allowedContentTypes = allowedContentTypes.stream().map(FetchPolicy::checkedType).toList();
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: must be positive, was " + maxBytes);
        }
        positive("connectTimeout", connectTimeout);
        positive("readTimeout", readTimeout);
        positive("deadline", deadline);
        if (maxRedirects < 0 || maxRedirects > 10) {
            throw new IllegalArgumentException("maxRedirects: must be 0..10, was " + maxRedirects);
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts: must be 1..10, was " + attempts);
        }
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("backoff: must be zero or positive, was " + backoff);
        }
    }

    public boolean hostAllowed(String platform, String host) {
        List<String> hosts = allowedHosts.get(platform);
        if (hosts == null || host == null) {
            return false;
        }
        String h = normalHost(host);
        for (String allowed : hosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    public boolean contentTypeAllowed(String mediaType) {
        return mediaType != null && allowedContentTypes.contains(mediaType);
    }

    /** Lower case, IPv6 brackets and a trailing root dot removed, so "Example.COM." and "example.com" are one host. */
    static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String checkedHost(String platform, String host) {
        if (host == null || host.isBlank() || host.equals("*.") || host.chars().anyMatch(Character::isWhitespace)
                || host.indexOf('*', host.startsWith("*.") ? 1 : 0) >= 0 || host.contains("/")) {
            throw new IllegalArgumentException(
                    "allowedHosts: platform '" + platform + "' has an invalid host '" + host
                            + "' (use an exact host or *.suffix)");
        }
        return normalHost(host);
    }

    private static String checkedType(String type) {
        if (type == null || !type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
            throw new IllegalArgumentException("allowedContentTypes: invalid media type '" + type + "'");
        }
        return type.toLowerCase(Locale.ROOT);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be a positive duration, was " + d);
        }
    }
}
