package org.nigrani.console.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules the incident room relies on: CSV cells, which URLs become links, the triage workflow, the chart. */
class CaseFilePartsTest {

    @Test
    void csvCellsAreQuotedAndFormulasNeutralised() {
        String csv = new CsvTable(List.of("a", "b")).row(java.util.Arrays.asList("=1+2", "say \"hi\"\r\nbye"))
                .row(java.util.Arrays.asList("+x", null)).row(List.of("-3", "@SUM(A1)")).row(List.of("\tcmd", "plain")).toString();
        assertThat(csv).isEqualTo("\uFEFF\"a\",\"b\"\r\n\"'=1+2\",\"say \"\"hi\"\"\r\nbye\"\r\n\"'+x\",\"\"\r\n\"'-3\",\"'@SUM(A1)\"\r\n"
                + "\"'\tcmd\",\"plain\"\r\n");
    }

    @Test
    void onlyHttpUrlsBecomeLinksAndOnlyHttpsOnesImages() {
        assertThat(Links.href("https://x.com/a/status/1")).isEqualTo("https://x.com/a/status/1");
        assertThat(Links.href("HTTP://example.org/v")).isEqualTo("HTTP://example.org/v");
        assertThat(Links.href("javascript:alert(1)")).isNull();
        assertThat(Links.href("JaVaScRiPt:alert(1)")).isNull();
        assertThat(Links.href("data:text/html,<b>")).isNull();
        assertThat(Links.href("/admin/users")).isNull();
        assertThat(Links.href("//evil.example.org/")).isNull();
        assertThat(Links.href("https://example.org/a b")).isNull();
        assertThat(Links.href(null)).isNull();
        assertThat(Links.imageSrc("http://img.example.org/p.jpg")).isNull();
        assertThat(Links.imageSrc("https://img.example.org/p.jpg")).isEqualTo("https://img.example.org/p.jpg");
    }

    @Test
    void theTriageWorkflow() {
        assertThat(TriageStatus.NEW.mayBecome(TriageStatus.IN_REVIEW)).isTrue();
        assertThat(TriageStatus.NEW.mayBecome(TriageStatus.CLOSED)).isFalse();
        assertThat(TriageStatus.IN_REVIEW.mayBecome(TriageStatus.ESCALATED)).isTrue();
        assertThat(TriageStatus.IN_REVIEW.mayBecome(TriageStatus.DISMISSED)).isTrue();
        assertThat(TriageStatus.ESCALATED.mayBecome(TriageStatus.CLOSED)).isTrue();
        assertThat(TriageStatus.ESCALATED.mayBecome(TriageStatus.DISMISSED)).isFalse();
        assertThat(TriageStatus.DISMISSED.mayBecome(TriageStatus.IN_REVIEW)).isTrue();
        assertThat(TriageStatus.CLOSED.mayBecome(TriageStatus.IN_REVIEW)).isTrue();
        assertThat(TriageStatus.CLOSED.mayBecome(TriageStatus.NEW)).isFalse();
        assertThat(TriageStatus.of(" In_Review ")).isEqualTo(TriageStatus.IN_REVIEW);
        assertThatThrownBy(() -> TriageStatus.of("reopened")).isInstanceOf(Refused.class);
    }

    @Test
    void theChartScalesTheHistoryIntoItsBox() {
        ReachChart c = ReachChart.of(List.of(new IncidentView.ReachPoint("2023-11-06T13:30:00Z", 0),
                new IncidentView.ReachPoint("2023-11-06T14:30:00Z", 500), new IncidentView.ReachPoint("not a time", 9),
                new IncidentView.ReachPoint("2023-11-06T15:30:00Z", 1000)));
        assertThat(c.points()).isEqualTo("70.0,150.0 350.0,80.0 630.0,10.0");
        assertThat(c.dots()).hasSize(3);
        assertThat(c.maxLabel()).isEqualTo("1,000");
        assertThat(ReachChart.of(List.of()).dots()).isEmpty();
        assertThat(ReachChart.of(List.of(new IncidentView.ReachPoint("2023-11-06T13:30:00Z", 5))).points()).isEmpty();
    }

    @Test
    void fileNamesAreSafe() {
        assertThat(CaseFile.fileName("inc-0123abcd", "csv")).isEqualTo("incident-inc-0123abcd.csv");
        assertThat(CaseFile.fileName("a\"b\r\nc/../d", "json")).isEqualTo("incident-a_b__c_.._d.json");
    }
}
