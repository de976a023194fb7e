package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.alert.AlertFixtures.*;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;

class AlertEmailTest {

    private final AlertEmail email = new AlertEmail(SETTINGS, CLOCK);

    @Test
    void subjectNamesBandStationCategoryAndPosts() throws Exception {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 3);
        MimeMessage m = email.render(alert(inc, "sho@police.example", 1));
        assertThat(m.getSubject()).isEqualTo("[Nigrani " + inc.priority().band() + "] SITE Super Highway, Karachi: violence, 3 posts");
        assertThat(m.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(m.getFrom()[0].toString()).isEqualTo("alerts@nigrani.example");

        MimeMessage unresolved = email.render(alert(incident("Police beat a man", List.of(), 1), "sho@police.example", 1));
        assertThat(unresolved.getSubject()).endsWith("] station unresolved: violence, 1 post");
    }

    @Test
    void messageIdIsStableAndPerRecipientAndSequence() throws Exception {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 2);
        String id1 = email.render(alert(inc, "sho@police.example", 3)).getMessageID();
        String id2 = email.render(alert(inc, "sho@police.example", 3)).getMessageID();
        assertThat(id1).isEqualTo(id2).startsWith("<" + inc.state().id() + "-3.").endsWith("@nigrani.local>");
        assertThat(email.render(alert(inc, "ia@police.example", 3)).getMessageID()).isNotEqualTo(id1);
        assertThat(email.render(alert(inc, "sho@police.example", 4)).getMessageID()).isNotEqualTo(id1);
        // Saving again (as a transport would) keeps the id.
        MimeMessage m = email.render(alert(inc, "sho@police.example", 3));
        m.saveChanges();
        assertThat(m.getMessageID()).isEqualTo(id1);
    }

    @Test
    void noWitnessDetailsUnderAnyQuotePolicy() throws Exception {
        Incident inc = incident(WITNESS_TITLE, List.of(SUPER_HIGHWAY), 2);
        for (String quote : List.of("excerpt", "full", "off")) {
            AlertEmail e = new AlertEmail(new AlertEmail.Settings("alerts@nigrani.example", "https://console.nigrani.example", quote), CLOCK);
            MimeMessage m = e.render(alert(inc, "sho@police.example", 1));
            String all = raw(m) + "\n" + text(m) + "\n" + html(m);
            assertThat(all).doesNotContain("witness_handle", "x.com", "0300-1234567", "1234567", "author_", "status/");
            if (quote.equals("off")) {
                assertThat(all).doesNotContain("checkpoint");
            } else {
                assertThat(text(m)).contains("Police beat a man at the checkpoint @[handle] [link] call [phone]");
            }
        }
    }

    @Test
    void excerptIsCut() {
        String longTitle = "word ".repeat(100);
        assertThat(email.quote(longTitle)).endsWith("…").hasSizeLessThanOrEqualTo(AlertEmail.EXCERPT_CHARS + 1);
        AlertEmail full = new AlertEmail(new AlertEmail.Settings("a@b.example", "http://c.example", "full"), CLOCK);
        assertThat(full.quote(longTitle)).isEqualTo(longTitle);
    }

    @Test
    void hostileTitleIsEscapedInHtml() throws Exception {
        Incident inc = incident("<script>alert(1)</script> \"onmouseover=x", List.of(SUPER_HIGHWAY), 1);
        String html = html(email.render(alert(inc, "sho@police.example", 1)));
        assertThat(html).doesNotContain("<script>", "\"onmouseover").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void headerInjectionThroughStationNameIsNeutralised() throws Exception {
        Enrichment.StationRef evil = new Enrichment.StationRef("evil", "Evil\r\nBcc: evil@example.org", "Karachi");
        Incident inc = incident("Police beat a man", List.of(evil), 1);
        MimeMessage m = email.render(alert(inc, "sho@police.example", 1));
        String raw = raw(m);
        String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(headers.lines().filter(l -> l.regionMatches(true, 0, "Bcc:", 0, 4))).isEmpty();
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.getHeader("To")).hasSize(1);
        assertThat(parsed.getHeader("Bcc")).isNull();
        assertThat(parsed.getRecipients(MimeMessage.RecipientType.TO)).hasSize(1);
        assertThat(parsed.getRecipients(MimeMessage.RecipientType.BCC)).isNull();
        assertThat(parsed.getSubject()).doesNotContain("\r", "\n").contains("Evil Bcc: evil@example.org");
    }

    @Test
    void consoleLinkPresentAndEscaped() throws Exception {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 1);
        MimeMessage m = email.render(alert(inc, "sho@police.example", 1));
        String link = "https://console.nigrani.example/incidents/" + inc.state().id();
        assertThat(text(m)).contains(link);
        assertThat(html(m)).contains("<a href=\"" + link + "\">");

        AlertEmail odd = new AlertEmail(new AlertEmail.Settings("a@b.example", "https://c.example/a&b", "off"), CLOCK);
        assertThat(html(odd.render(alert(inc, "sho@police.example", 1)))).doesNotContain("a&b").contains("a&amp;b/incidents/");
        assertThatThrownBy(() -> new AlertEmail.Settings("a@b.example", "https://c.example/x\"y", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodyExplainsPriority() throws Exception {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 2);
        String text = text(email.render(alert(inc, "sho@police.example", 1)));
        assertThat(text).contains("confidence: 0.90 × weight 0.30", "severity: 1.00 × weight 0.20",
                "Officers: constable × 3", "Victims: street vendors", "Video evidence: yes", "views/hour, trend");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new AlertEmail.Settings("Nigrani <a@b.example>", "https://c.example", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertEmail.Settings("a@b.example\r\nBcc: x@y.z", "https://c.example", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertEmail.Settings("a@b.example", "javascript:alert(1)", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertEmail.Settings("a@b.example", "https://c.example", "all"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AlertEmail.Settings("a@b.example", "https://c.example/", null).quote()).isEqualTo("excerpt");
    }

    static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String text(MimeMessage m) throws Exception {
        return part(m, "text/plain");
    }

    static String html(MimeMessage m) throws Exception {
        return part(m, "text/html");
    }

    static String part(MimeMessage m, String type) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        assertThat(mp.getContentType()).startsWith("multipart/alternative");
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart p = mp.getBodyPart(i);
            if (p.isMimeType(type)) {
                assertThat(p.getContentType()).containsIgnoringCase("charset=UTF-8");
                return (String) p.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
