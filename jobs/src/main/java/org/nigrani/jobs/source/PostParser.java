package org.nigrani.jobs.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.nigrani.jobs.Post;

/**
 * Turns one JSON Lines record into a {@link Post}, or says precisely why it cannot.
 *
 * <p>Posts come from strangers and from feeds we do not control: every field is checked for type and range, and
 * the first problem found is reported with the field's name. Post text is kept verbatim (evidence must be exact);
 * escaping is the job of whatever renders it. Not thread-safe (one per subtask).
 */
public final class PostParser {

    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000;
    static final int MAX_MEDIA = 20;
    static final int MAX_URL_CHARS = 2048;
    static final Instant EARLIEST = Instant.parse("2006-03-21T00:00:00Z");
    static final Duration CLOCK_SKEW = Duration.ofDays(1);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final Pattern PLACE_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Set<String> MEDIA_TYPES = Set.of("photo", "video", "animated_gif");
    // Bidi overrides and other invisible format characters: harmless in text we only store, but in a handle
    // they can make one account look like another on screen.
    private static final Pattern FORMAT_CHARS = Pattern.compile("[\\p{Cf}\\p{Cc}]");

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final String defaultPlatform;
    private final int maxTextChars;
    private final Clock clock;

    public PostParser(String defaultPlatform, int maxTextChars, Clock clock) {
        if (!PLATFORM.matcher(defaultPlatform).matches()) {
            throw new IllegalArgumentException("platform must match " + PLATFORM + ", was '" + defaultPlatform + "'");
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("max text chars must be positive, was " + maxTextChars);
        }
        this.defaultPlatform = defaultPlatform;
        this.maxTextChars = maxTextChars;
        this.clock = clock;
    }

    /** Parses one line; throws {@link RejectedInput} with a reason code and a message naming the field. */
    public Post parse(RawLine line) throws RejectedInput {
        if (line.cut()) {
            throw new RejectedInput("line_too_long", "the line has " + line.length() + " bytes, more than the reader keeps ("
                    + line.bytes().length + "); it cannot be a valid post", null);
        }
        checkUtf8(line.bytes());
        JsonNode root;
        try {
            root = json.readTree(line.bytes());
        } catch (JsonProcessingException e) {
            throw new RejectedInput("invalid_json", "not valid JSON: " + e.getOriginalMessage()
                    + " (at column " + e.getLocation().getColumnNr() + ")", null);
        } catch (IOException e) {
            throw new RejectedInput("invalid_json", "not valid JSON: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw new RejectedInput("not_an_object", "each line must be a JSON object, this one is "
                    + (root == null ? "empty" : "a JSON " + root.getNodeType().name().toLowerCase()), null);
        }
        String id = id(root.get("id"), "id", null);
        if (id == null) {
            throw new RejectedInput("missing_field", "field 'id' is missing or null", null);
        }
        String platform = optionalString(root, "platform", id);
        if (platform == null) {
            platform = defaultPlatform;
        } else if (!PLATFORM.matcher(platform).matches()) {
            throw new RejectedInput("invalid_value", "field 'platform' must be 1-32 lowercase letters, digits, '_' or '-'", id);
        }
        String text = optionalString(root, "text", id);
        if (text == null) {
            throw new RejectedInput("missing_field", "field 'text' is missing or null", id);
        }
        if (text.isBlank()) {
            throw new RejectedInput("missing_field", "field 'text' is empty", id);
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > maxTextChars) {
            throw new RejectedInput("text_too_long", "field 'text' has " + chars + " characters, the limit is " + maxTextChars, id);
        }
        Instant createdAt = createdAt(root, id);
        String lang = optionalString(root, "lang", id);
        if (lang != null && !LANG.matcher(lang).matches()) {
            throw new RejectedInput("invalid_value", "field 'lang' must be a language tag such as en, ur or ur-Latn", id);
        }
        return new Post(platform, id, url(root, "url", id), author(root, id), text, createdAt, lang,
                media(root.get("media"), id), metrics(root.get("metrics"), id),
                id(root.get("in_reply_to"), "in_reply_to", id), id(root.get("repost_of"), "repost_of", id),
                new Post.SourceRef(line.path(), line.offset()), place(root.get("place"), id), new Post.Received(line.bytes()));
    }

    /** The optional {@code place}: {@code {"id": .., "full_name": .., "country_code": ..}}, id required. */
    private static Post.Place place(JsonNode node, String id) throws RejectedInput {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new RejectedInput("wrong_type", "field 'place' must be an object, was " + describe(node), id);
        }
        String placeId = optionalString(node, "id", id);
        if (placeId == null || !PLACE_ID.matcher(placeId).matches()) {
            throw new RejectedInput("invalid_value", "field 'place.id' must be 1-32 letters or digits", id);
        }
        String fullName = optionalString(node, "full_name", id);
        if (fullName != null && (fullName.length() > 200 || FORMAT_CHARS.matcher(fullName).find())) {
            throw new RejectedInput("invalid_value", "field 'place.full_name' must be at most 200 printable characters", id);
        }
        String country = optionalString(node, "country_code", id);
        if (country != null && !country.matches("[A-Za-z]{2}")) {
            throw new RejectedInput("invalid_value", "field 'place.country_code' must be two letters", id);
        }
        return new Post.Place(placeId, fullName, country);
    }

    /**
     * Checks strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF) without decoding: every line
     * passes through here, and most are valid.
     */
    static void checkUtf8(byte[] b) throws RejectedInput {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                throw badUtf8(i);
            }
            if (i + need >= b.length) {
                throw badUtf8(i);
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cont = b[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    throw badUtf8(i);
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw badUtf8(i);
            }
            i += need + 1;
        }
    }

    private static RejectedInput badUtf8(int offset) {
        return new RejectedInput("invalid_utf8", "the line is not valid UTF-8 (first bad byte at offset " + offset + " of the line)", null);
    }

    private String id(JsonNode node, String field, String postId) throws RejectedInput {
        if (node == null || node.isNull()) {
            return null;
        }
        String value;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0) {
            value = node.bigIntegerValue().toString();
        } else {
            throw new RejectedInput("wrong_type", "field '" + field + "' must be a string or a non-negative integer, was "
                    + describe(node), postId);
        }
        if (!ID.matcher(value).matches()) {
            throw new RejectedInput("invalid_value", "field '" + field + "' must be 1-64 letters, digits, '_' or '-'", postId);
        }
        return value;
    }

    private static String optionalString(JsonNode parent, String field, String postId) throws RejectedInput {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new RejectedInput("wrong_type", "field '" + field + "' must be a string, was " + describe(node), postId);
        }
        return node.textValue();
    }

    private Instant createdAt(JsonNode root, String id) throws RejectedInput {
        String value = optionalString(root, "created_at", id);
        if (value == null) {
            throw new RejectedInput("missing_field", "field 'created_at' is missing or null", id);
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new RejectedInput("invalid_date", "field 'created_at' must be an ISO-8601 date-time with a zone, "
                    + "such as 2023-11-08T10:15:00Z; was '" + abbreviate(value) + "'", id);
        }
        if (at.isBefore(EARLIEST) || at.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new RejectedInput("invalid_date", "field 'created_at' is " + at + ", outside the possible range "
                    + EARLIEST + " .. now + 1 day", id);
        }
        return at;
    }

    private static String url(JsonNode parent, String field, String id) throws RejectedInput {
        String value = optionalString(parent, field, id);
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_URL_CHARS || !(value.startsWith("https://") || value.startsWith("http://"))
                || FORMAT_CHARS.matcher(value).find() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new RejectedInput("invalid_value", "field '" + field + "' must be an http(s) URL of at most "
                    + MAX_URL_CHARS + " characters without spaces or control characters", id);
        }
        return value;
    }

    private static String author(JsonNode root, String id) throws RejectedInput {
        String value = optionalString(root, "author", id);
        if (value == null) {
            return null;
        }
        String clean = FORMAT_CHARS.matcher(value).replaceAll("").strip();
        if (clean.startsWith("@")) {
            clean = clean.substring(1);
        }
        if (clean.isEmpty() || clean.length() > 64) {
            throw new RejectedInput("invalid_value", "field 'author' must be a handle of 1-64 visible characters", id);
        }
        return clean;
    }

    private static List<Post.Media> media(JsonNode node, String id) throws RejectedInput {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RejectedInput("wrong_type", "field 'media' must be a list, was " + describe(node), id);
        }
        if (node.size() > MAX_MEDIA) {
            throw new RejectedInput("invalid_value", "field 'media' has " + node.size() + " items, at most " + MAX_MEDIA, id);
        }
        List<Post.Media> media = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String where = "media[" + i + "]";
            if (!item.isObject()) {
                throw new RejectedInput("wrong_type", "field '" + where + "' must be an object, was " + describe(item), id);
            }
            String type = optionalString(item, "type", id);
            if (type == null || !MEDIA_TYPES.contains(type)) {
                throw new RejectedInput("invalid_value", "field '" + where + ".type' must be one of " + MEDIA_TYPES, id);
            }
            String url = url(item, "url", id);
            if (url == null) {
                throw new RejectedInput("missing_field", "field '" + where + ".url' is missing", id);
            }
            media.add(new Post.Media(type, url, url(item, "preview_url", id),
                    count(item, "duration_ms", where, id), count(item, "view_count", where, id)));
        }
        return media;
    }

    private static Post.Metrics metrics(JsonNode node, String id) throws RejectedInput {
        if (node == null || node.isNull()) {
            return Post.Metrics.NONE;
        }
        if (!node.isObject()) {
            throw new RejectedInput("wrong_type", "field 'metrics' must be an object, was " + describe(node), id);
        }
        return new Post.Metrics(orZero(count(node, "reposts", "metrics", id)), orZero(count(node, "likes", "metrics", id)),
                orZero(count(node, "views", "metrics", id)));
    }

    private static Long count(JsonNode parent, String field, String where, String id) throws RejectedInput {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new RejectedInput("wrong_type", "field '" + where + "." + field + "' must be a non-negative integer, was "
                    + describe(node), id);
        }
        return node.longValue();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String describe(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase();
        return node.isValueNode() ? type + " " + abbreviate(node.toString()) : "a JSON " + type;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
