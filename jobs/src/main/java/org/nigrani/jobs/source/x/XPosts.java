package org.nigrani.jobs.source.x;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.nigrani.jobs.Post;

/**
 * Reads one X API v2 response body (recent search, post lookup and the like) into the {@link Post}s it carries, the
 * posts it names that cannot be used (deleted, withheld, malformed) and its paging {@code meta}.
 *
 * <p>Authors, media and reposted originals are joined from {@code includes}. Everything in the body is checked for
 * type and range: a post with a bad field is reported as {@link Reason#MALFORMED} with the field's name, and the other
 * posts of the page are still mapped. Only a body that cannot be read at all throws {@link UnreadableResponse}. Post
 * text is kept verbatim (X escapes {@code &}, {@code <} and {@code >} as HTML entities; they stay so), and no message
 * quotes it. A post's place ({@code geo.place_id}) is taken from {@code includes.places}.
 * Not thread-safe (one per subtask).
 */
public final class XPosts {

    /** Long posts ({@code note_tweet}) reach 25,000 characters. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 25_000;
    /** Far more than any page X sends (at most 100 posts with their includes). */
    public static final int MAX_BODY_BYTES = 16 << 20;
    static final int MAX_MEDIA = 20;
    static final int MAX_VARIANTS = 64;
    static final int MAX_REFERENCES = 16;
    static final int MAX_URL_CHARS = 2048;
    static final Instant EARLIEST = Instant.parse("2006-03-21T00:00:00Z");
    static final Duration CLOCK_SKEW = Duration.ofDays(1);
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern MEDIA_KEY = Pattern.compile("[0-9]{1,4}_[0-9]{1,19}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final Pattern NEXT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,512}");
    private static final Pattern ENDPOINT = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern PLACE_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern FORMAT_CHARS = Pattern.compile("[\\p{Cf}\\p{Cc}]");
    private static final Set<String> MEDIA_TYPES = Set.of("photo", "video", "animated_gif");

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final int maxTextChars;
    private final Clock clock;

    public XPosts(Clock clock) {
        this(DEFAULT_MAX_TEXT_CHARS, clock);
    }

    public XPosts(int maxTextChars, Clock clock) {
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("max text chars must be positive, was " + maxTextChars);
        }
        this.maxTextChars = maxTextChars;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What one response carries. */
    public record Page(List<Post> posts, List<Unusable> unusable, Meta meta) implements Serializable {
        public Page {
            posts = List.copyOf(posts);
            unusable = List.copyOf(unusable);
            meta = meta == null ? Meta.NONE : meta;
        }
    }

    /**
     * A post the response names but that cannot be used.
     *
     * @param id the post's id, or null when the post is too malformed to have one
     * @param detail what was wrong, naming the field for {@link Reason#MALFORMED}; never the post's text
     */
    public record Unusable(String id, Reason reason, String detail) implements Serializable {}

    public enum Reason {
        /** X could not find the post: deleted, or its author's account is gone. */
        DELETED,
        /** Withheld in some countries or on copyright grounds. */
        WITHHELD,
        /** A required field is missing, or a field has the wrong type or an impossible value. */
        MALFORMED,
        /** Any other partial error naming the post, such as a protected author. */
        UNAVAILABLE
    }

    /** The paging information of a response; every field is null when absent (post lookups have no meta). */
    public record Meta(String newestId, String oldestId, Integer resultCount, String nextToken) implements Serializable {
        public static final Meta NONE = new Meta(null, null, null, null);
    }

    /**
     * Reads one response body.
     *
     * @param endpoint a short name of the endpoint the body came from, such as {@code recent-search}; each post's
     *     {@link Post#source()} is {@code x:<endpoint>}
     * @throws UnreadableResponse when the body is not a JSON object, is an error document, or has a top-level member
     *     of the wrong type
     */
    public Page read(byte[] body, String endpoint) throws UnreadableResponse {
        Objects.requireNonNull(body, "body");
        if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("endpoint must match " + ENDPOINT + ", was '" + endpoint + "'");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new UnreadableResponse("too_large", "the body has " + body.length + " bytes, more than "
                    + MAX_BODY_BYTES + "; no X API page is that large");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableResponse("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage()
                    + " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UnreadableResponse("invalid_json", "the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableResponse("invalid_json", "the body is empty");
        }
        if (!root.isObject()) {
            throw new UnreadableResponse("not_an_object", "the body must be a JSON object, this one is "
                    + describe(root));
        }
        JsonNode data = root.get("data");
        if ((data == null || data.isNull()) && root.path("title").isTextual() && root.path("type").isTextual()) {
            throw new UnreadableResponse("error_response", "the body is an error document, not a page: '"
                    + abbreviate(root.get("title").textValue()) + "' (" + abbreviate(root.get("type").textValue()) + ")");
        }
        Includes includes = includes(root.get("includes"));
        Source source = new Source(new Post.SourceRef("x:" + endpoint, 0), includes);
        List<Post> posts = new ArrayList<>();
        List<Unusable> unusable = new ArrayList<>();
        if (data == null || data.isNull()) {
            // An empty search page, or a lookup whose every post is gone: only errors and meta.
        } else if (data.isObject()) {
            one(data, "data", source, posts, unusable);
        } else if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                one(data.get(i), "data[" + i + "]", source, posts, unusable);
            }
        } else {
            throw new UnreadableResponse("wrong_type", "field 'data' must be an object or a list, was " + describe(data));
        }
        errors(root.get("errors"), unusable);
        return new Page(posts, unusable, meta(root.get("meta")));
    }

    private record Includes(Map<String, JsonNode> users, Map<String, JsonNode> media, Map<String, JsonNode> tweets,
            Map<String, JsonNode> places) {}

    private record Source(Post.SourceRef ref, Includes includes) {}

    /** A bad field in one post: the post is unusable, the page is not. */
    private static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private void one(JsonNode node, String where, Source source, List<Post> posts, List<Unusable> unusable) {
        if (!node.isObject()) {
            unusable.add(new Unusable(null, Reason.MALFORMED, "'" + where + "' must be an object, was " + describe(node)));
            return;
        }
        String id;
        try {
            id = id(node, "id");
            if (id == null) {
                throw new Bad("field 'id' is missing or null");
            }
        } catch (Bad e) {
            unusable.add(new Unusable(null, Reason.MALFORMED, where + ": " + e.getMessage()));
            return;
        }
        JsonNode withheld = node.get("withheld");
        if (withheld != null && !withheld.isNull()) {
            unusable.add(new Unusable(id, Reason.WITHHELD, withheld(withheld)));
            return;
        }
        try {
            posts.add(post(node, id, source));
        } catch (Bad e) {
            unusable.add(new Unusable(id, Reason.MALFORMED, e.getMessage()));
        }
    }

    private Post post(JsonNode node, String id, Source source) throws Bad {
        Includes includes = source.includes();
        String text = fullText(node, "");
        Instant createdAt = createdAt(node);
        String lang = string(node, "lang", "");
        if (lang != null && !LANG.matcher(lang).matches()) {
            throw new Bad("field 'lang' must be a language tag such as en, ur or und");
        }
        String authorId = id(node, "author_id");
        String username = authorId == null ? null : username(includes.users().get(authorId), authorId);
        String url = "https://x.com/" + (username == null ? "i/web" : username) + "/status/" + id;

        String repliedTo = null;
        String reposted = null;
        JsonNode refs = node.get("referenced_tweets");
        if (refs != null && !refs.isNull()) {
            if (!refs.isArray()) {
                throw new Bad("field 'referenced_tweets' must be a list, was " + describe(refs));
            }
            if (refs.size() > MAX_REFERENCES) {
                throw new Bad("field 'referenced_tweets' has " + refs.size() + " items, at most " + MAX_REFERENCES);
            }
            for (int i = 0; i < refs.size(); i++) {
                JsonNode ref = refs.get(i);
                String at = "referenced_tweets[" + i + "]";
                if (!ref.isObject()) {
                    throw new Bad("field '" + at + "' must be an object, was " + describe(ref));
                }
                String type = string(ref, "type", at + ".");
                String refId = id(ref, "id", at + ".");
                if (type == null || refId == null) {
                    throw new Bad("field '" + at + (type == null ? ".type" : ".id") + "' is missing or null");
                }
                if (type.equals("replied_to") && repliedTo == null) {
                    repliedTo = refId;
                } else if (type.equals("retweeted") && reposted == null) {
                    reposted = refId;
                }
            }
        }

        List<String> mediaKeys = mediaKeys(node, "");
        if (reposted != null) {
            JsonNode original = includes.tweets().get(reposted);
            if (original != null) {
                String prefix = "includes.tweets[id=" + reposted + "].";
                // X cuts a repost's text to "RT @author: …"; the original carries it whole, and the media too.
                if (text.startsWith("RT @")) {
                    text = fullText(original, prefix);
                }
                if (mediaKeys.isEmpty()) {
                    mediaKeys = mediaKeys(original, prefix);
                }
            }
        }
        List<Post.Media> media = new ArrayList<>(mediaKeys.size());
        List<JsonNode> mediaNodes = new ArrayList<>(mediaKeys.size());
        for (String key : mediaKeys) {
            JsonNode m = includes.media().get(key);
            if (m != null) { // absent when the request did not expand media: the post is still evidence
                media.add(media(m, "includes.media[media_key=" + key + "]."));
                mediaNodes.add(m);
            }
        }
        Post.Place place = place(node, includes);
        return new Post("x", id, url, username, text, createdAt, lang, media, metrics(node), repliedTo, reposted,
                source.ref(), place)
                .receivedAs(asReceived(node, authorId == null ? null : includes.users().get(authorId), mediaNodes,
                        reposted == null ? null : includes.tweets().get(reposted),
                        place == null ? null : includes.places().get(place.id())));
    }

    /**
     * The post as X sent it, in the API's own shape: the post object and the included objects it points at (author,
     * media, reposted original, place), so evidence keeps what the platform said, not only what was read from it.
     */
    private byte[] asReceived(JsonNode node, JsonNode author, List<JsonNode> media, JsonNode original, JsonNode place) {
        com.fasterxml.jackson.databind.node.ObjectNode one = json.createObjectNode();
        one.set("data", node);
        com.fasterxml.jackson.databind.node.ObjectNode included = one.putObject("includes");
        if (author != null) {
            included.putArray("users").add(author);
        }
        if (!media.isEmpty()) {
            included.putArray("media").addAll(media);
        }
        if (original != null) {
            included.putArray("tweets").add(original);
        }
        if (place != null) {
            included.putArray("places").add(place);
        }
        try {
            return json.writeValueAsBytes(one);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree read a moment ago cannot be written back", e);
        }
    }

    /** The tagged place, from {@code geo.place_id} and the expanded {@code includes.places}; null when untagged. */
    private static Post.Place place(JsonNode node, Includes includes) throws Bad {
        JsonNode geo = node.get("geo");
        if (geo == null || geo.isNull()) {
            return null;
        }
        if (!geo.isObject()) {
            throw new Bad("field 'geo' must be an object, was " + describe(geo));
        }
        String placeId = string(geo, "place_id", "geo.");
        if (placeId == null) {
            return null;
        }
        if (!PLACE_ID.matcher(placeId).matches()) {
            throw new Bad("field 'geo.place_id' must be 1-32 letters or digits");
        }
        JsonNode p = includes.places().get(placeId);
        if (p == null) {
            return new Post.Place(placeId, null, null);
        }
        String prefix = "includes.places[id=" + placeId + "].";
        String country = string(p, "country_code", prefix);
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw new Bad("field '" + prefix + "country_code' must be two letters");
        }
        String fullName = string(p, "full_name", prefix);
        return new Post.Place(placeId, fullName == null ? null : abbreviate(fullName, 200), country);
    }

    private String fullText(JsonNode node, String prefix) throws Bad {
        String text;
        String field;
        JsonNode note = node.get("note_tweet");
        if (note != null && !note.isNull()) {
            if (!note.isObject()) {
                throw new Bad("field '" + prefix + "note_tweet' must be an object, was " + describe(note));
            }
            field = prefix + "note_tweet.text";
            text = string(note, "text", prefix + "note_tweet.");
        } else {
            field = prefix + "text";
            text = string(node, "text", prefix);
        }
        if (text == null) {
            throw new Bad("field '" + field + "' is missing or null");
        }
        if (text.isBlank()) {
            throw new Bad("field '" + field + "' is empty");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > maxTextChars) {
            throw new Bad("field '" + field + "' has " + chars + " characters, the limit is " + maxTextChars);
        }
        return text;
    }

    private Instant createdAt(JsonNode node) throws Bad {
        String value = string(node, "created_at", "");
        if (value == null) {
            throw new Bad("field 'created_at' is missing or null");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Bad("field 'created_at' must be an ISO-8601 date-time with a zone, such as "
                    + "2024-05-14T09:21:07.000Z; was '" + abbreviate(value) + "'");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new Bad("field 'created_at' is " + at + ", outside the possible range " + EARLIEST + " .. now + 1 day");
        }
        return at;
    }

    private static String username(JsonNode user, String authorId) throws Bad {
        if (user == null) {
            return null; // the request did not expand author_id: the post keeps a handle-free URL
        }
        String field = "includes.users[id=" + authorId + "].username";
        JsonNode node = user.get("username");
        if (node == null || node.isNull()) {
            throw new Bad("field '" + field + "' is missing or null");
        }
        if (!node.isTextual() || !USERNAME.matcher(node.textValue()).matches()) {
            throw new Bad("field '" + field + "' must be an X handle of 1-15 letters, digits or '_', was " + describe(node));
        }
        return node.textValue();
    }

    private static List<String> mediaKeys(JsonNode node, String prefix) throws Bad {
        JsonNode attachments = node.get("attachments");
        if (attachments == null || attachments.isNull()) {
            return List.of();
        }
        if (!attachments.isObject()) {
            throw new Bad("field '" + prefix + "attachments' must be an object, was " + describe(attachments));
        }
        JsonNode keys = attachments.get("media_keys");
        String field = prefix + "attachments.media_keys";
        if (keys == null || keys.isNull()) {
            return List.of();
        }
        if (!keys.isArray()) {
            throw new Bad("field '" + field + "' must be a list, was " + describe(keys));
        }
        if (keys.size() > MAX_MEDIA) {
            throw new Bad("field '" + field + "' has " + keys.size() + " items, at most " + MAX_MEDIA);
        }
        List<String> result = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            JsonNode key = keys.get(i);
            if (!key.isTextual() || !MEDIA_KEY.matcher(key.textValue()).matches()) {
                throw new Bad("field '" + field + "[" + i + "]' must be a media key such as 3_1790000000000000000, was "
                        + describe(key));
            }
            result.add(key.textValue());
        }
        return result;
    }

    private static Post.Media media(JsonNode m, String prefix) throws Bad {
        String type = string(m, "type", prefix);
        if (type == null || !MEDIA_TYPES.contains(type)) {
            throw new Bad("field '" + prefix + "type' must be one of " + MEDIA_TYPES);
        }
        String url = type.equals("photo") ? null : bestMp4(m, prefix);
        if (url == null) {
            url = url(m, "url", prefix);
        }
        Long views = null;
        JsonNode metrics = m.get("public_metrics");
        if (metrics != null && !metrics.isNull()) {
            if (!metrics.isObject()) {
                throw new Bad("field '" + prefix + "public_metrics' must be an object, was " + describe(metrics));
            }
            views = count(metrics, "view_count", prefix + "public_metrics.");
        }
        return new Post.Media(type, url, url(m, "preview_image_url", prefix), count(m, "duration_ms", prefix), views);
    }

    /** The URL of the highest-bitrate {@code video/mp4} variant, or null when there is none. */
    private static String bestMp4(JsonNode m, String prefix) throws Bad {
        JsonNode variants = m.get("variants");
        if (variants == null || variants.isNull()) {
            return null;
        }
        if (!variants.isArray()) {
            throw new Bad("field '" + prefix + "variants' must be a list, was " + describe(variants));
        }
        if (variants.size() > MAX_VARIANTS) {
            throw new Bad("field '" + prefix + "variants' has " + variants.size() + " items, at most " + MAX_VARIANTS);
        }
        String best = null;
        long bestRate = -1;
        for (int i = 0; i < variants.size(); i++) {
            JsonNode v = variants.get(i);
            String at = prefix + "variants[" + i + "]";
            if (!v.isObject()) {
                throw new Bad("field '" + at + "' must be an object, was " + describe(v));
            }
            if (!"video/mp4".equals(string(v, "content_type", at + "."))) {
                continue; // the HLS playlist (application/x-mpegURL) has no bit rate and is no file to keep
            }
            Long rate = count(v, "bit_rate", at + ".");
            String url = url(v, "url", at + ".");
            if (url == null) {
                throw new Bad("field '" + at + ".url' is missing or null");
            }
            long r = rate == null ? 0 : rate;
            if (r > bestRate) {
                best = url;
                bestRate = r;
            }
        }
        return best;
    }

    private static Post.Metrics metrics(JsonNode node) throws Bad {
        JsonNode pm = node.get("public_metrics");
        if (pm == null || pm.isNull()) {
            return Post.Metrics.NONE;
        }
        if (!pm.isObject()) {
            throw new Bad("field 'public_metrics' must be an object, was " + describe(pm));
        }
        String p = "public_metrics.";
        long retweets = orZero(count(pm, "retweet_count", p));
        long quotes = orZero(count(pm, "quote_count", p));
        long reposts;
        try {
            reposts = Math.addExact(retweets, quotes);
        } catch (ArithmeticException e) {
            throw new Bad("fields 'public_metrics.retweet_count' and 'public_metrics.quote_count' add up past "
                    + Long.MAX_VALUE);
        }
        return new Post.Metrics(reposts, orZero(count(pm, "like_count", p)), orZero(count(pm, "impression_count", p)));
    }

    private static String withheld(JsonNode w) {
        StringBuilder detail = new StringBuilder("withheld");
        if (!w.isObject()) {
            return detail.toString();
        }
        if (w.path("copyright").asBoolean(false)) {
            detail.append(" on copyright grounds");
        }
        JsonNode codes = w.get("country_codes");
        if (codes != null && codes.isArray()) {
            List<String> countries = new ArrayList<>();
            for (int i = 0; i < codes.size() && countries.size() < 10; i++) {
                JsonNode c = codes.get(i);
                if (c.isTextual() && COUNTRY.matcher(c.textValue()).matches()) {
                    countries.add(c.textValue().toUpperCase(Locale.ROOT));
                }
            }
            if (!countries.isEmpty()) {
                detail.append(" in ").append(String.join(", ", countries)).append(codes.size() > 10 ? ", …" : "");
            }
        }
        if ("user".equals(w.path("scope").asText(null))) {
            detail.append(" (the author's account is withheld)");
        }
        return detail.toString();
    }

    /**
     * Partial errors naming a requested post. Errors about expansions (a reposted original or a media item that is
     * gone, {@code parameter} such as {@code referenced_tweets.id}) and about other resources are not the page's posts.
     */
    private static void errors(JsonNode errors, List<Unusable> unusable) throws UnreadableResponse {
        if (errors == null || errors.isNull()) {
            return;
        }
        if (!errors.isArray()) {
            throw new UnreadableResponse("wrong_type", "field 'errors' must be a list, was " + describe(errors));
        }
        for (JsonNode e : errors) {
            if (!e.isObject() || !"tweet".equals(e.path("resource_type").asText(null))) {
                continue;
            }
            JsonNode parameter = e.get("parameter");
            if (parameter != null && !parameter.isNull()
                    && !(parameter.isTextual() && Set.of("id", "ids").contains(parameter.textValue()))) {
                continue;
            }
            String id = e.path("resource_id").isTextual() ? e.get("resource_id").textValue() : e.path("value").asText(null);
            if (id == null || !ID.matcher(id).matches()) {
                continue;
            }
            String type = e.path("type").isTextual() ? e.get("type").textValue() : "";
            String title = e.path("title").isTextual() ? e.get("title").textValue() : "";
            String detail = e.path("detail").isTextual() ? e.get("detail").textValue() : "";
            Reason reason;
            if (type.endsWith("/resource-not-found")) {
                reason = Reason.DELETED;
            } else if ((type + " " + title + " " + detail).toLowerCase(Locale.ROOT).contains("withheld")) {
                reason = Reason.WITHHELD;
            } else {
                reason = Reason.UNAVAILABLE;
            }
            String text = title.isEmpty() ? type : title + (detail.isEmpty() ? "" : ": " + detail);
            unusable.add(new Unusable(id, reason, abbreviate(FORMAT_CHARS.matcher(text).replaceAll(" "), 200)));
        }
    }

    private static Meta meta(JsonNode meta) throws UnreadableResponse {
        if (meta == null || meta.isNull()) {
            return Meta.NONE;
        }
        if (!meta.isObject()) {
            throw new UnreadableResponse("wrong_type", "field 'meta' must be an object, was " + describe(meta));
        }
        try {
            Long count = count(meta, "result_count", "meta.");
            if (count != null && count > Integer.MAX_VALUE) {
                throw new Bad("field 'meta.result_count' is " + count + ", impossibly large");
            }
            String next = string(meta, "next_token", "meta.");
            if (next != null && !NEXT_TOKEN.matcher(next).matches()) {
                throw new Bad("field 'meta.next_token' must be 1-512 letters, digits, '_' or '-'");
            }
            return new Meta(id(meta, "newest_id", "meta."), id(meta, "oldest_id", "meta."),
                    count == null ? null : count.intValue(), next);
        } catch (Bad e) {
            throw new UnreadableResponse("wrong_type", e.getMessage());
        }
    }

    private static UnreadableResponse wrongType(String field, JsonNode node, String expected) {
        return new UnreadableResponse("wrong_type", "field '" + field + "' must be " + expected + ", was " + describe(node));
    }

    private static Includes includes(JsonNode includes) throws UnreadableResponse {
        if (includes == null || includes.isNull()) {
            return new Includes(Map.of(), Map.of(), Map.of(), Map.of());
        }
        if (!includes.isObject()) {
            throw wrongType("includes", includes, "an object");
        }
        return new Includes(index(includes, "users", "id"), index(includes, "media", "media_key"),
                index(includes, "tweets", "id"), index(includes, "places", "id"));
    }

    /** Included objects by key; entries without a usable key are left out (no post can point at them). */
    private static Map<String, JsonNode> index(JsonNode includes, String field, String key) throws UnreadableResponse {
        JsonNode list = includes.get(field);
        if (list == null || list.isNull()) {
            return Map.of();
        }
        if (!list.isArray()) {
            throw wrongType("includes." + field, list, "a list");
        }
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode item : list) {
            if (item.isObject() && item.path(key).isTextual()) {
                byKey.putIfAbsent(item.get(key).textValue(), item);
            }
        }
        return byKey;
    }

    private static String id(JsonNode parent, String field) throws Bad {
        return id(parent, field, "");
    }

    /** X sends ids as decimal strings; a bare number is accepted too, nothing else. */
    private static String id(JsonNode parent, String field, String prefix) throws Bad {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String value;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0) {
            value = node.bigIntegerValue().toString();
        } else {
            throw new Bad("field '" + prefix + field + "' must be an id (a string of digits), was " + describe(node));
        }
        if (!ID.matcher(value).matches()) {
            throw new Bad("field '" + prefix + field + "' must be an id of 1-19 digits, was " + describe(node));
        }
        return value;
    }

    private static String string(JsonNode parent, String field, String prefix) throws Bad {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Bad("field '" + prefix + field + "' must be a string, was " + describe(node));
        }
        return node.textValue();
    }

    private static String url(JsonNode parent, String field, String prefix) throws Bad {
        String value = string(parent, field, prefix);
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_URL_CHARS || !(value.startsWith("https://") || value.startsWith("http://"))
                || FORMAT_CHARS.matcher(value).find() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new Bad("field '" + prefix + field + "' must be an http(s) URL of at most " + MAX_URL_CHARS
                    + " characters without spaces or control characters");
        }
        return value;
    }

    private static Long count(JsonNode parent, String field, String prefix) throws Bad {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new Bad("field '" + prefix + field + "' must be a non-negative integer, was " + describe(node));
        }
        return node.longValue();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String describe(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return node.isValueNode() ? type + " " + abbreviate(node.toString()) : "a JSON " + type;
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 40);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
