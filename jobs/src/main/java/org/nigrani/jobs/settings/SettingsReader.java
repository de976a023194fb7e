package org.nigrani.jobs.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a parsed YAML tree by dotted key, remembering which keys were read so that
 * any other key (a typo, say) is reported rather than silently ignored.
 */
final class SettingsReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

    private final String file;
    private final JsonNode root;
    private final Path baseDir;
    private final Set<String> known = new LinkedHashSet<>();

    SettingsReader(String file, JsonNode root, Path baseDir) {
        this.file = file;
        this.root = root;
        this.baseDir = baseDir;
    }

    String string(String key, String fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isValueNode()) {
            throw error(key, "must be a single value, not a " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.asText();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error(key, "must be true or false; was '" + node.asText() + "'");
        }
        return node.booleanValue();
    }

    /** A local time of day, {@code HH:mm}. */
    java.time.LocalTime time(String key, java.time.LocalTime fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return java.time.LocalTime.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw error(key, "must be a time of day such as 07:00 or 22:30; was '" + value + "'");
        }
    }

    String oneOf(String key, String fallback, List<String> allowed) {
        String value = string(key, fallback);
        if (!allowed.contains(value)) {
            throw error(key, "must be one of " + allowed + "; was '" + value + "'");
        }
        return value;
    }

    int integer(String key, int fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error(key, "must be a whole number; was '" + node.asText() + "'");
        }
        return node.intValue();
    }

    double decimal(String key, double fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw error(key, "must be a number; was '" + node.asText() + "'");
        }
        return node.doubleValue();
    }

    Duration duration(String key, Duration fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        if (value.trim().equals("0")) {
            return Duration.ZERO; // no unit needed for nothing
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw error(key, "must be a duration such as 500ms, 10s, 5m, 1h or 1d; was '" + value + "'");
        }
        return duration(Long.parseLong(m.group(1)), m.group(2));
    }

    private static Duration duration(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    long bytes(String key, long fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw error(key, "must be a size such as 512kb, 5mb or 1gb; was '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kb" -> n * 1024;
            case "mb" -> n * 1024 * 1024;
            case "gb" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** A path, relative to the folder the configuration file's project lives in. */
    Path path(String key, String fallback) {
        String value = string(key, fallback);
        return value == null ? null : baseDir.resolve(value).normalize();
    }

    List<URI> urls(String key) {
        JsonNode node = node(key);
        List<URI> urls = new ArrayList<>();
        if (node == null) {
            return urls;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        for (JsonNode item : items) {
            try {
                URI uri = new URI(item.asText());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw error(key, "each URL must be http:// or https:// with a host; was '" + item.asText() + "'");
                }
                urls.add(uri);
            } catch (URISyntaxException e) {
                throw error(key, "'" + item.asText() + "' is not a URL: " + e.getReason());
            }
        }
        return urls;
    }

    /** A list of durations ({@code [10m, 1h]}); {@code fallback} when the key is absent. */
    List<Duration> durations(String key, List<Duration> fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw error(key, "must be a non-empty list of durations such as [10m, 1h]");
        }
        List<Duration> out = new ArrayList<>();
        for (JsonNode item : node) {
            Matcher m = DURATION.matcher(item.asText().trim());
            if (!item.isValueNode() || !m.matches()) {
                throw error(key, "must list durations such as 10m or 1h; '" + item.asText() + "' is not one");
            }
            out.add(duration(Long.parseLong(m.group(1)), m.group(2)));
        }
        return out;
    }

    /** A list of single values ({@code [a, b]}); {@code fallback} when the key is absent. */
    List<String> strings(String key, List<String> fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        return strings(key, node);
    }

    /**
     * A mapping of names to lists of single values ({@code {x: [a, b], tiktok: [c]}}); {@code fallback} when the key
     * is absent.
     */
    java.util.Map<String, List<String>> stringLists(String key, java.util.Map<String, List<String>> fallback) {
        JsonNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isObject() || node.isEmpty()) {
            throw error(key, "must be a mapping of names to lists, such as {x: [video.twimg.com]}");
        }
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), strings(key + "." + e.getKey(), e.getValue())));
        return out;
    }

    private List<String> strings(String key, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw error(key, "must be a non-empty list such as [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                throw error(key, "must list single values; '" + item + "' is not one");
            }
            out.add(item.asText());
        }
        return out;
    }

    /**
     * A list of mappings, each with exactly the fields named (all required, all single values), as
     * {@code x.queries: [{id: .., query: ..}]}; empty when the key is absent.
     */
    List<java.util.Map<String, String>> records(String key, List<String> fields) {
        JsonNode node = node(key);
        List<java.util.Map<String, String>> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            throw error(key, "must be a list of mappings with " + fields);
        }
        int i = 0;
        for (JsonNode item : node) {
            String where = key + "[" + i++ + "]";
            if (!item.isObject()) {
                throw error(where, "must be a mapping with " + fields);
            }
            java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
            Iterator<String> names = item.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw error(where, "has an unknown key '" + name + "'; allowed: " + fields);
                }
            }
            for (String field : fields) {
                JsonNode value = item.get(field);
                if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
                    throw error(where + "." + field, "is required and must be a single value");
                }
                values.put(field, value.asText());
            }
            out.add(values);
        }
        return out;
    }

    /** Wraps a record's own validation failure with the file name. */
    SettingsException invalid(IllegalArgumentException e) {
        return new SettingsException(file + ": " + e.getMessage(), e);
    }

    SettingsException error(String key, String message) {
        return new SettingsException(file + ": " + key + " " + message);
    }

    /** Every key read so far, in reading order. */
    List<String> knownKeys() {
        return List.copyOf(known);
    }

    /** Fails on any key that no one read: it is misspelt or not supported. */
    void rejectUnknownKeys() {
        Set<String> unknown = new TreeSet<>();
        collect(root, "", unknown);
        if (!unknown.isEmpty()) {
            throw new SettingsException(file + ": unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + ". Known keys: " + String.join(", ", known));
        }
    }

    private void collect(JsonNode node, String prefix, Set<String> unknown) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            JsonNode child = node.get(name);
            if (known.contains(key)) {
                continue;
            }
            if (child.isObject() && known.stream().anyMatch(k -> k.startsWith(key + "."))) {
                collect(child, key, unknown);
            } else {
                unknown.add(key);
            }
        }
    }

    private JsonNode node(String key) {
        known.add(key);
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }
}
