package org.nigrani.console.incident;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a stored item's content type (a media host's claim) may become in a response and a file name: a type that is
 * not a plain {@code type/subtype} is served as bytes, the file extension comes from a fixed table, and only images
 * and videos are shown in the browser, everything else (JSON snapshots, SVG) is a download.
 */
final class MediaTypes {

    static final String BYTES = "application/octet-stream";
    private static final Pattern PLAIN = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"), Map.entry("video/quicktime", "mov"),
            Map.entry("video/mp2t", "ts"), Map.entry("video/x-matroska", "mkv"), Map.entry("image/jpeg", "jpg"),
            Map.entry("image/png", "png"), Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"),
            Map.entry("image/avif", "avif"), Map.entry("application/json", "json"), Map.entry("text/plain", "txt"));

    private MediaTypes() {}

    /** The type without parameters, lowercase, when it is a plain {@code type/subtype}; else {@link #BYTES}. */
    static String safe(String contentType) {
        if (contentType == null) {
            return BYTES;
        }
        String bare = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return PLAIN.matcher(bare).matches() ? bare : BYTES;
    }

    /** The file extension for a type, from the table; {@code bin} for any other. */
    static String extension(String contentType) {
        return EXTENSIONS.getOrDefault(safe(contentType), "bin");
    }

    /** Whether the browser may show it in place: images and videos, but never SVG, which is a document. */
    static boolean inline(String contentType) {
        String t = safe(contentType);
        return (t.startsWith("image/") || t.startsWith("video/")) && !t.equals("image/svg+xml");
    }

    /** {@code <sha256>.<ext>}: named by the bytes, never by anything a post said. */
    static String fileName(String sha256, String contentType) {
        return sha256 + "." + extension(contentType);
    }
}
