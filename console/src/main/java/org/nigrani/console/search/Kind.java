package org.nigrani.console.search;

import java.util.List;
import org.nigrani.console.auth.Walls;
import org.nigrani.elastic.schema.Indices;

/**
 * What a search looks for, incidents or flagged posts, and where each filter, facet and sort key lives in that
 * index's mapping (the two schemas name some of them differently). Posts have no triage: their status and assignee
 * fields are null.
 */
public enum Kind {

    INCIDENTS("incidents", Indices.INCIDENTS, "nigrani.title", "nigrani.category", "nigrani.langs",
            "nigrani.triage.status", "nigrani.triage.assignee", "nigrani.incident.last_seen", "nigrani.reach.views",
            "nigrani.incident.id",
            List.of("nigrani.incident.id", "nigrani.incident.last_seen", "nigrani.incident.post_count", "nigrani.title",
                    "nigrani.stations", "nigrani.city", "nigrani.category", "nigrani.langs", "nigrani.priority.score",
                    "nigrani.priority.band", "nigrani.triage.status", "nigrani.triage.assignee", "nigrani.has_video",
                    "nigrani.reach.views")),

    /**
     * Never fetches {@code user.*} nor {@code url.*} (witness identity), nor the message itself (up to a megabyte;
     * the highlighter gives its beginning or the matching fragments).
     */
    POSTS("posts", Indices.FLAGGED_POSTS, "message", "nigrani.classifier.category", "nigrani.lang", null, null,
            "@timestamp", "nigrani.metrics.views", "nigrani.post_id",
            List.of("@timestamp", "nigrani.lang", "nigrani.incident.id", "nigrani.stations", "nigrani.city",
                    "nigrani.classifier.category", "nigrani.priority.score", "nigrani.priority.band",
                    "nigrani.has_video", "nigrani.metrics.views"));

    public static final String STATION_FIELD = Walls.STATION_FIELD;
    public static final String CITY_FIELD = "nigrani.city";
    public static final String PRIORITY_FIELD = "nigrani.priority.score";
    public static final String VIDEO_FIELD = "nigrani.has_video";

    private final String key;
    private final String index;
    private final String textField;
    private final String categoryField;
    private final String langField;
    private final String statusField;
    private final String assigneeField;
    private final String timeField;
    private final String reachField;
    private final String tieBreakField;
    private final List<String> sourceFields;

    Kind(String key, String index, String textField, String categoryField, String langField, String statusField,
            String assigneeField, String timeField, String reachField, String tieBreakField, List<String> sourceFields) {
        this.key = key;
        this.index = index;
        this.textField = textField;
        this.categoryField = categoryField;
        this.langField = langField;
        this.statusField = statusField;
        this.assigneeField = assigneeField;
        this.timeField = timeField;
        this.reachField = reachField;
        this.tieBreakField = tieBreakField;
        this.sourceFields = sourceFields;
    }

    /** The value of the {@code kind} parameter. */
    public String key() {
        return key;
    }

    public String index() {
        return index;
    }

    public String textField() {
        return textField;
    }

    public String categoryField() {
        return categoryField;
    }

    public String langField() {
        return langField;
    }

    public String statusField() {
        return statusField;
    }

    public String assigneeField() {
        return assigneeField;
    }

    /** Last seen for an incident, the post's own time for a post: what {@code from}/{@code to} and "recent" use. */
    public String timeField() {
        return timeField;
    }

    public String reachField() {
        return reachField;
    }

    /** A unique keyword, so that equal sort keys still page in a stable order. */
    public String tieBreakField() {
        return tieBreakField;
    }

    public List<String> sourceFields() {
        return sourceFields;
    }

    /** Whether these documents carry triage (status, assignee). */
    public boolean triaged() {
        return statusField != null;
    }

    public static Kind of(String key) {
        for (Kind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
