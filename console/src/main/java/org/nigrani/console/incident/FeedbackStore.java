package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.feedback.FeedbackCorpus;
import org.nigrani.elastic.schema.Indices;

/**
 * Investigators' corrections of the classifier, appended to the {@code feedback} index with the post's text,
 * language and classifier output as they were, so {@code bin/monitor feedback export} can turn them into training
 * data even after the post is gone.
 */
final class FeedbackStore {

    static final List<String> KINDS = List.of(FeedbackCorpus.NOT_MISCONDUCT, FeedbackCorpus.WRONG_CATEGORY, FeedbackCorpus.WRONG_STATION);

    private final Es es;
    private final Clock clock;

    FeedbackStore(Es es, Clock clock) {
        this.es = es;
        this.clock = clock;
    }

    /** What the form sent, checked: the kind, and the value it needs. */
    record Feedback(String postId, String kind, String value) {
        Feedback {
            if (kind == null || !KINDS.contains(kind)) {
                throw new Refused("Feedback kind must be not_misconduct, wrong_category or wrong_station.");
            }
            value = value == null || value.isBlank() ? null : value.strip();
            switch (kind) {
                case FeedbackCorpus.WRONG_CATEGORY -> {
                    if (value == null || !FeedbackCorpus.CATEGORIES.contains(value)) {
                        throw new Refused("Name the right category: one of " + String.join(", ", FeedbackCorpus.CATEGORIES) + ".");
                    }
                }
                case FeedbackCorpus.WRONG_STATION -> {
                    if (value == null || value.length() > 100 || value.chars().anyMatch(Character::isISOControl)) {
                        throw new Refused("Name the right station (its short name, at most 100 characters).");
                    }
                }
                default -> value = null;
            }
        }
    }

    /** Stores {@code f} about {@code post} of incident {@code incidentId}; returns the stored document. */
    ObjectNode add(String incidentId, PostView post, Feedback f, String by) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("incident_id", incidentId);
        doc.put("post_id", post.id());
        doc.put("kind", f.kind());
        doc.put("value", f.value());
        doc.put("text", post.text());
        doc.put("lang", post.lang());
        doc.put("platform", post.platform());
        doc.put("has_video", post.hasVideo());
        doc.put("category", post.category());
        doc.put("station", post.stations().isEmpty() ? null : post.stations().get(0));
        doc.put("by", by);
        doc.put("at", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        es.append(Indices.FEEDBACK, doc, Es.Refresh.NONE);
        return doc;
    }
}
