package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.nigrani.console.auth.Session;
import org.nigrani.console.store.Es;

/**
 * An incident as a case file for people outside the console: the summary, every post (text, time, language, score,
 * media URLs, evidence items, entities), the alerts, the triage history and the notes. Authors and post URLs are the witnesses'
 * identity: they are in only when this session revealed the incident's authors, else they read "hidden".
 */
record CaseFile(IncidentView incident, Triage triage, List<PostView> posts, List<AlertView> alerts, boolean revealed,
        String exportedBy, String exportedAt) {

    static final String HIDDEN = "hidden";

    static final List<String> CSV_COLUMNS = List.of("record", "incident_id", "id", "time", "by", "platform", "lang", "score",
            "category", "text", "media_urls", "stations", "city", "officers", "victims", "author", "url", "field", "before",
            "after");

    /** The case file of {@code found} as {@code session}'s user may have it, stamped now. */
    static CaseFile read(IncidentReader.Found found, Session session, IncidentReader reader, TriageStore triage, Clock clock) {
        String id = found.view().id();
        boolean revealed = session.revealed(id);
        return new CaseFile(found.view(), triage.read(id, found.source()), reader.allPosts(id, session.user(), revealed),
                reader.alerts(id), revealed, session.user().username(), clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    /** A file name that is safe in a Content-Disposition header and on any file system. */
    static String fileName(String incidentId, String extension) {
        String safe = incidentId.replaceAll("[^A-Za-z0-9._-]", "_");
        return "incident-" + (safe.length() > 100 ? safe.substring(0, 100) : safe) + "." + extension;
    }

    JsonNode json() {
        ObjectNode root = Es.JSON.createObjectNode();
        root.put("exported_at", exportedAt);
        root.put("exported_by", exportedBy);
        root.put("authors_revealed", revealed);
        root.set("incident", Es.JSON.valueToTree(incident));
        ObjectNode t = root.putObject("triage");
        t.put("status", triage.status().key());
        t.put("assignee", triage.assignee());
        t.put("updated", triage.updated());
        t.set("history", Es.JSON.valueToTree(triage.history()));
        t.set("notes", Es.JSON.valueToTree(triage.notes()));
        root.set("alerts", Es.JSON.valueToTree(alerts));
        ArrayNode ps = root.putArray("posts");
        for (PostView p : posts) {
            ObjectNode o = ps.addObject();
            o.put("id", p.id());
            o.put("post_id", p.postId());
            o.put("platform", p.platform());
            o.put("time", p.time());
            o.put("lang", p.lang());
            o.put("text", p.text());
            if (p.score() != null) {
                o.put("score", p.score());
            }
            o.put("label", p.label());
            o.put("category", p.category());
            o.set("why", Es.JSON.valueToTree(p.why()));
            ArrayNode media = o.putArray("media");
            for (MediaView m : p.media()) {
                media.addObject().put("type", m.type()).put("url", m.url()).put("preview_url", m.previewUrl());
            }
            ArrayNode evidence = o.putArray("evidence");
            p.evidence().forEach(e -> evidence.add(e.json()));
            ObjectNode entities = o.putObject("entities");
            entities.set("stations", Es.JSON.valueToTree(p.stations()));
            entities.put("city", p.city());
            entities.set("officers", Es.JSON.valueToTree(p.officers()));
            entities.put("victims", p.victims());
            o.put("author", revealed ? p.author() : HIDDEN);
            o.put("url", revealed ? p.url() : HIDDEN);
        }
        root.put("posts_total", posts.size());
        return root;
    }

    /** One table: a row for the incident, then one per post, alert, triage change and note (see {@code record}). */
    String csv() {
        CsvTable t = new CsvTable(CSV_COLUMNS);
        IncidentView i = incident;
        t.row(row("incident", i.id(), i.lastSeen(), null, null, String.join(" ", i.langs()),
                i.score() == null ? null : i.score().toString(), i.category(), i.title(),
                i.media() == null ? null : i.media().url(), String.join("; ", i.stations().stream().map(IncidentView.Station::name).toList()),
                i.city(), String.join("; ", i.officers().stream().map(o -> o.count() + " " + o.name()).toList()),
                String.join("; ", i.victims()), null, null, null, null, null));
        for (PostView p : posts) {
            List<String> urls = new ArrayList<>();
            for (MediaView m : p.media()) {
                urls.add(m.url());
                if (m.previewUrl() != null) {
                    urls.add(m.previewUrl());
                }
            }
            t.row(row("post", p.id(), p.time(), null, p.platform(), p.lang(), p.scoreText(), p.category(), p.text(),
                    String.join(" ", urls), String.join("; ", p.stations()), p.city(), String.join("; ", p.officers()), p.victims(),
                    revealed ? p.author() : HIDDEN, revealed ? p.url() : HIDDEN, null, null, null));
        }
        for (AlertView a : alerts) {
            t.row(row("alert", a.id(), a.sentAt() != null ? a.sentAt() : a.created(), String.join("; ", a.recipients()), a.channel(),
                    null, null, a.kind(), null, null, null, null, null, null, null, null, "status", null, a.status()));
        }
        for (Triage.Change c : triage.history()) {
            t.row(row("triage_change", null, c.at(), c.by(), null, null, null, null, null, null, null, null, null, null, null, null,
                    c.field(), c.before(), c.after()));
        }
        for (Triage.Note n : triage.notes()) {
            t.row(row("note", null, n.at(), n.by(), null, null, null, null, n.text(), null, null, null, null, null, null, null,
                    null, null, null));
        }
        return t.toString();
    }

    private List<String> row(String record, String id, String time, String by, String platform, String lang, String score,
            String category, String text, String mediaUrls, String stations, String city, String officers, String victims,
            String author, String url, String field, String before, String after) {
        List<String> cells = new ArrayList<>();
        cells.add(record);
        cells.add(incident.id());
        for (String c : new String[] {id, time, by, platform, lang, score, category, text, mediaUrls, stations, city, officers,
                victims, author, url, field, before, after}) {
            cells.add(c);
        }
        return cells;
    }
}
