package org.nigrani.jobs.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nigrani.evidence.RetentionPolicy.Link;

class IncidentStatusesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theTriageDocumentsLastChangeToItsStatusIsWhenItBegan() throws Exception {
        JsonNode triage = json("""
                {"status": "dismissed", "updated": "2026-02-27T10:00:00Z", "history": [
                  {"field": "status", "after": "dismissed", "at": "2026-01-05T10:00:00Z"},
                  {"field": "status", "after": "in_review", "at": "2026-01-08T10:00:00Z"},
                  {"field": "status", "after": "dismissed", "at": "2026-01-20T10:00:00.123Z"},
                  {"field": "assignee", "after": "dismissed", "at": "2026-02-01T10:00:00Z"}]}""");
        assertThat(IncidentStatuses.link("i", triage, json("{}")))
                .isEqualTo(new Link("i", "dismissed", Instant.parse("2026-01-20T10:00:00.123Z")));
    }

    @Test
    void withoutAHistoryTheTriageUpdateTimeServes() throws Exception {
        assertThat(IncidentStatuses.link("i", json("{\"status\": \"closed\", \"updated\": \"2026-01-01T00:00:00Z\"}"), null))
                .isEqualTo(new Link("i", "closed", Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void withoutATriageDocumentTheIncidentsMirroredFieldsServe() throws Exception {
        JsonNode incident = json("""
                {"event": {"created": "2026-02-28T00:00:00Z"},
                 "nigrani": {"triage": {"status": "closed", "updated": "2026-01-01T00:00:00+05:00"}}}""");
        assertThat(IncidentStatuses.link("i", null, incident))
                .isEqualTo(new Link("i", "closed", Instant.parse("2025-12-31T19:00:00Z")));
    }

    @Test
    void anUntriagedIncidentIsNewSinceItsLastUpdate() throws Exception {
        assertThat(IncidentStatuses.link("i", null, json("{\"event\": {\"created\": \"2026-02-28T00:00:00Z\"}}")))
                .isEqualTo(new Link("i", "new", Instant.parse("2026-02-28T00:00:00Z")));
        assertThat(IncidentStatuses.link("i", null, json("{\"nigrani\": {\"incident\": {\"as_of\": \"2026-02-27T00:00:00Z\"}}}")))
                .isEqualTo(new Link("i", "new", Instant.parse("2026-02-27T00:00:00Z")));
    }

    @Test
    void anIncidentFoundNowhereHasNeitherStatusNorTime() {
        assertThat(IncidentStatuses.link("i", null, null)).isEqualTo(new Link("i", null, null));
    }
}
