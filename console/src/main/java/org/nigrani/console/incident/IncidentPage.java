package org.nigrani.console.incident;

import java.util.List;

/**
 * Everything the incident page shows, for {@code incident.jte}.
 *
 * @param assignees the accounts the incident may be assigned to (not walled off from it)
 * @param notice a success message, or null
 * @param error a failure message, or null
 * @param conflict the message when a triage change lost to someone else's, or null
 */
public record IncidentPage(IncidentView incident, Triage triage, PostPage posts, List<AlertView> alerts, ReachChart chart,
        boolean revealed, List<String> assignees, String notice, String error, String conflict) {

    public List<TriageStatus> statuses() {
        return List.of(TriageStatus.values());
    }

    public List<String> categories() {
        return org.nigrani.elastic.feedback.FeedbackCorpus.CATEGORIES;
    }

    /** A count as people read it: 52,000; a dash when unknown. */
    public String number(Number n) {
        return n == null ? "–" : String.format(java.util.Locale.ROOT, "%,d", n.longValue());
    }

    /** Where the next or previous page of posts is. */
    public String postsPage(int page) {
        return "/incidents/" + incident.id() + "?page=" + page + "#posts";
    }
}
