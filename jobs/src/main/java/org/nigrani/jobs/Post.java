package org.nigrani.jobs;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A public post as the job understands it, whatever platform or feed it came from.
 *
 * @param platform short platform name, such as {@code x}
 * @param id the platform's id of the post
 * @param author the author's handle: personal data, kept only because investigators may need to reach a witness
 * @param platformLang the language the platform guessed, if any
 * @param source where the post was read, so any later failure can point back to the input
 * @param place the place the post is tagged with, or null
 * @param received the post exactly as it arrived, kept so that evidence can snapshot it; null when built otherwise
 */
public record Post(
        String platform,
        String id,
        String url,
        String author,
        String text,
        Instant createdAt,
        String platformLang,
        List<Media> media,
        Metrics metrics,
        String inReplyTo,
        String repostOf,
        SourceRef source,
        Place place,
        Received received)
        implements Serializable {

    /** A post as a feed gave it, not kept as received. */
    public Post(String platform, String id, String url, String author, String text, Instant createdAt, String platformLang,
            List<Media> media, Metrics metrics, String inReplyTo, String repostOf, SourceRef source, Place place) {
        this(platform, id, url, author, text, createdAt, platformLang, media, metrics, inReplyTo, repostOf, source, place, null);
    }

    /** A post without a place tag. */
    public Post(String platform, String id, String url, String author, String text, Instant createdAt, String platformLang,
            List<Media> media, Metrics metrics, String inReplyTo, String repostOf, SourceRef source) {
        this(platform, id, url, author, text, createdAt, platformLang, media, metrics, inReplyTo, repostOf, source, null, null);
    }

    public Post {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        media = media == null ? List.of() : List.copyOf(media);
        metrics = metrics == null ? Metrics.NONE : metrics;
    }

    /** The document id: stable across replays and retries, so indexing twice never duplicates. */
    public String documentId() {
        return platform + ":" + id;
    }

    public boolean hasVideo() {
        return media.stream().anyMatch(Media::moving);
    }

    /** A photo, video or animated GIF attached to a post. */
    public record Media(String type, String url, String previewUrl, Long durationMs, Long viewCount) implements Serializable {

        /** A video or an animated GIF (which X serves as an mp4), as opposed to a photo. */
        public boolean moving() {
            return "video".equals(type) || "animated_gif".equals(type);
        }
    }

    /** Public engagement counts at the time the post was read. */
    public record Metrics(long reposts, long likes, long views) implements Serializable {
        public static final Metrics NONE = new Metrics(0, 0, 0);
    }

    /** A place a post is tagged with, as the platform names it ("Peshawar, Pakistan", PK). */
    public record Place(String id, String fullName, String countryCode) implements Serializable {}

    /** The same post, noting the bytes it arrived as. */
    public Post receivedAs(byte[] json) {
        return new Post(platform, id, url, author, text, createdAt, platformLang, media, metrics, inReplyTo, repostOf, source,
                place, new Received(json));
    }

    /**
     * The bytes a post arrived as (one JSON line). Compared by content, so two parses of one line are equal; the array
     * is the reader's own and never changed after it is read.
     */
    public record Received(byte[] json) implements Serializable {
        public Received {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Received r && java.util.Arrays.equals(json, r.json);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(json);
        }

        @Override
        public String toString() {
            return "Received[" + json.length + " bytes]";
        }
    }

    /** Where an input record was read: a file (or feed) and the byte offset of its line. */
    public record SourceRef(String path, long offset) implements Serializable {}
}
