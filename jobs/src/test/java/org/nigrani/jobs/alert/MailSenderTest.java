package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.alert.AlertFixtures.*;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nigrani.jobs.incident.Incident;

class MailSenderTest {

    static final int PORT = freePort();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("nigrani", "s3cret-pass"))
            .withPerMethodLifecycle(true);

    static final Map<String, String> ENV = Map.of("NIGRANI_SMTP_USER", "nigrani", "NIGRANI_SMTP_PASSWORD", "s3cret-pass");

    static SmtpSender.Settings settings() {
        return new SmtpSender.Settings("127.0.0.1", PORT, false, "NIGRANI_SMTP_USER", "NIGRANI_SMTP_PASSWORD",
                Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    }

    @Test
    void sendsBothPartsToTheRecipientWithTheMessageId() throws Exception {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 2);
        MimeMessage m = new AlertEmail(SETTINGS, CLOCK).render(alert(inc, "sho@police.example", 1));
        new SmtpSender(settings(), ENV::get).send(m);

        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage r = received[0];
        assertThat(r.getMessageID()).isEqualTo(m.getMessageID());
        assertThat(r.getAllRecipients()).extracting(Object::toString)
                .containsExactly("Station House Officer SITE <sho@police.example>");
        assertThat(r.getSubject()).isEqualTo(m.getSubject());
        assertThat(AlertEmailTest.text(r)).contains(inc.state().id());
        assertThat(AlertEmailTest.html(r)).contains("<a href=\"https://console.nigrani.example/incidents/");
    }

    @Test
    void wrongPasswordFailsClearlyWithoutLeakingIt() {
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 1);
        MimeMessage m = new AlertEmail(SETTINGS, CLOCK).render(alert(inc, "sho@police.example", 1));
        SmtpSender sender = new SmtpSender(settings(),
                Map.of("NIGRANI_SMTP_USER", "nigrani", "NIGRANI_SMTP_PASSWORD", "wrong-pass")::get);
        assertThatThrownBy(() -> sender.send(m)).isInstanceOf(MailSender.MailSendException.class)
                .hasMessageContaining("127.0.0.1:" + PORT).hasMessageNotContaining("wrong-pass");
        assertThat(sender.toString()).doesNotContain("s3cret", "wrong-pass").contains("****");
        assertThatThrownBy(() -> new SmtpSender(settings(), name -> null).send(m))
                .isInstanceOf(MailSender.MailSendException.class).hasMessageContaining("NIGRANI_SMTP_PASSWORD");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
