package org.nigrani.elastic.schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The names of the indices and aliases the pipeline writes and the console reads. */
public final class Indices {

    /** Read alias over every dated index of flagged posts. */
    public static final String FLAGGED_POSTS = "flagged-posts";
    /** Input the pipeline could not use, with the reason. */
    public static final String DEAD_LETTER = "monitor-deadletter";
    /**
     * One document per incident, rewritten as it grows. A single index, not dated: an incident spans days and
     * its updates must land on the same document.
     */
    public static final String INCIDENTS = "incidents";
    /**
     * The alert outbox and its record: one document per alert and channel (email, webhook), its recipients, status
     * (pending, sent, failed), attempts and last error. Written by the job before each delivery; read by the audit.
     */
    public static final String ALERTS = "alerts";
    /** Console accounts: user name, bcrypt hash, role, stations walled off. */
    public static final String USERS = "console-users";
    /**
     * Append-only record of what was done in the console: who viewed, revealed, changed or exported what, when, with
     * the values before and after. The console only ever creates documents in it.
     */
    public static final String AUDIT = "audit";
    /**
     * Triage of an incident in the console, one document per incident id: status, assignee, notes and the history of
     * changes. Apart from the incident document, because the job keeps rewriting that one: its version cannot tell
     * two investigators' edits apart from the job's.
     */
    public static final String TRIAGE = "triage";
    /**
     * Investigators' corrections of the classifier, one document per piece of feedback on a post (not misconduct,
     * wrong category, wrong station), with the post's text copied at the time: training data for {@code bin/monitor train}.
     */
    public static final String FEEDBACK = "feedback";
    /**
     * Chain of custody of evidence, append-only: one document per event on an item (named by its SHA-256): captured
     * and linked (by the job, when a flagged post's media or snapshot is stored or found already stored), viewed and
     * exported (by the console), removed (by retention, a tombstone saying why). Nobody updates or deletes in it.
     */
    public static final String EVIDENCE = "evidence";

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    private Indices() {}

    /**
     * The dated index a flagged post is written to, chosen from the post's own creation time.
     *
     * <p>Writing to the index the post's date selects, rather than to a rolling write index behind the alias,
     * is what keeps a replay idempotent: the same post always lands on the same document, whenever it is replayed.
     */
    public static String flaggedPostsIndexFor(Instant postCreatedAt) {
        return FLAGGED_POSTS + "-" + MONTH.format(postCreatedAt);
    }
}
