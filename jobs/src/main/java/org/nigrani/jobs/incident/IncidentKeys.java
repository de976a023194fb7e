package org.nigrani.jobs.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.flink.api.java.functions.KeySelector;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.enrich.Enrichment;

/**
 * Decides which posts are about the same event: the key an incident is gathered under.
 *
 * <p>In order: the same attached video (re-shares and re-uploads with new captions carry the same video);
 * else the same police station and category; else the same thread (a repost joins its original). On top of
 * these, {@link TextLinker} joins copies of one text. Posts that share none of these stay apart, since merging
 * two cases hides one of them.
 */
public final class IncidentKeys implements KeySelector<LinkedPost, String> {

    public static final String VIDEO = "video";
    public static final String STATION = "station";
    public static final String THREAD = "thread";

    @Override
    public String getKey(LinkedPost p) {
        return p.key();
    }

    /** A later look at a post goes to the incident the post is in. */
    public static final class OfReach implements KeySelector<ReachUpdate, String> {
        @Override
        public String getKey(ReachUpdate reach) {
            return reach.key();
        }
    }

    /** The key a post has on its own; {@link TextLinker} may give it an earlier copy's key instead. */
    public static String keyOf(EnrichedPost p) {
        Enrichment e = p.enrichment();
        Post post = p.flagged().post();
        if (e.videoUrl() != null) {
            // Hashed: URLs are long and come from strangers; the key only needs to be equal for equal videos.
            return VIDEO + ":" + digest(e.videoUrl());
        }
        if (!e.stations().isEmpty()) {
            return STATION + ":" + e.stations().get(0).id() + ":" + p.flagged().verdict().category();
        }
        return THREAD + ":" + post.platform() + ":" + (post.repostOf() != null ? post.repostOf() : post.id());
    }

    public static String kindOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    /** The incident id: the same key and first post always give the same id, so a replay rewrites, never adds. */
    static String incidentId(String key, String firstPostDocumentId) {
        return "inc-" + digest(key + "|" + firstPostDocumentId);
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
