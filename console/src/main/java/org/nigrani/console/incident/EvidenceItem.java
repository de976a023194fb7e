package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.nigrani.console.store.Es;

/**
 * One evidence item of a flagged post as the job recorded it ({@code nigrani.evidence}): what was fetched, whether
 * its bytes were kept, their SHA-256, and the timestamp over that hash. Every value came from a stranger's post or a
 * media host, so each is shown as text; a source URL becomes a link only when it is http(s).
 *
 * @param sourceUrl what the post pointed at; for a snapshot (the post as received, which names its author) "hidden"
 *     unless the session revealed the incident's authors, like the post's own URL
 * @param sha256 the stored bytes' name when it is a canonical SHA-256, else null
 * @param timestampStatus granted, failed or off; null when none was asked for
 */
public record EvidenceItem(String kind, String sourceUrl, String sourceHref, String finalUrl, String status, String reason,
        String sha256, Long size, String contentType, String fetchedAt, String timestampStatus, String timestampGenTime,
        String timestampTsa, String timestampError) {

    static final String CAPTURED = "captured";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Map<String, String> STATUS_LABELS = Map.of(CAPTURED, "captured", "failed", "failed",
            "too_large", "too large", "refused", "refused", "removed", "removed");

    static EvidenceItem of(JsonNode e, boolean revealed) {
        String kind = MediaView.text(e.path("kind"));
        boolean hide = "snapshot".equals(kind) && !revealed;
        String source = hide ? CaseFile.HIDDEN : MediaView.text(e.path("source_url"));
        String sha = MediaView.text(e.path("sha256"));
        JsonNode t = e.path("timestamp");
        return new EvidenceItem(kind, source, hide ? null : Links.href(source),
                hide ? CaseFile.HIDDEN : MediaView.text(e.path("final_url")), MediaView.text(e.path("status")),
                MediaView.text(e.path("reason")), canonical(sha) ? sha : null,
                e.path("size").isNumber() ? e.path("size").asLong() : null, MediaView.text(e.path("content_type")),
                MediaView.text(e.path("fetched_at")), MediaView.text(t.path("status")), MediaView.text(t.path("gen_time")),
                MediaView.text(t.path("tsa")), MediaView.text(t.path("error")));
    }

    /** The item in the shape the job recorded it (snake_case), for the case file and the bundle's manifest. */
    ObjectNode json() {
        ObjectNode o = Es.JSON.createObjectNode();
        o.put("kind", kind).put("source_url", sourceUrl).put("final_url", finalUrl).put("status", status).put("reason", reason)
                .put("sha256", sha256).put("size", size).put("content_type", contentType).put("fetched_at", fetchedAt);
        o.putObject("timestamp").put("status", timestampStatus).put("gen_time", timestampGenTime).put("tsa", timestampTsa)
                .put("error", timestampError);
        return o;
    }

    /** Whether {@code sha256} is how the store names bytes: 64 lowercase hex digits, nothing else. */
    static boolean canonical(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** Captured with a usable hash: the bytes may be in the store (unless removed since). */
    public boolean captured() {
        return CAPTURED.equals(status) && sha256 != null;
    }

    /** captured, failed, too large, refused or removed; an unknown status as it was written. */
    public String statusLabel() {
        return status == null ? "unknown" : STATUS_LABELS.getOrDefault(status, status);
    }

    /** The first 12 hex digits, for the page; the whole hash is in its title. */
    public String shortSha() {
        return sha256 == null ? null : sha256.substring(0, 12) + "…";
    }

    /** The size as people read it: 1.4 MB. */
    public String sizeText() {
        if (size == null) {
            return "";
        }
        if (size < 1024) {
            return size + " B";
        }
        double kb = size / 1024.0;
        return kb < 1024 ? String.format(Locale.ROOT, "%.1f KB", kb) : String.format(Locale.ROOT, "%.1f MB", kb / 1024);
    }
}
