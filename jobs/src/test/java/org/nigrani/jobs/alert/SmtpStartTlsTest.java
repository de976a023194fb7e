package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.alert.AlertFixtures.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS: required when configured, done before the credentials go, and checked against the server's name. */
class SmtpStartTlsTest {

    static final Map<String, String> ENV = Map.of("NIGRANI_SMTP_USER", "nigrani", "NIGRANI_SMTP_PASSWORD", "s3cret-pass");

    @RegisterExtension
    static GreenMailExtension plainServer = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private static SmtpSender.Settings tls(String host, int port, Path ca) {
        return new SmtpSender.Settings(host, port, true, "NIGRANI_SMTP_USER", "NIGRANI_SMTP_PASSWORD",
                Duration.ofSeconds(5), Duration.ofSeconds(5), ca == null ? null : ca.toString());
    }

    private static MimeMessage message() {
        return new AlertEmail(SETTINGS, CLOCK).render(alert(incident("Police beat a man", List.of(SUPER_HIGHWAY), 1),
                "sho@police.example", 1));
    }

    @Test
    void upgradesBeforeAuthenticatingAndSending() throws Exception {
        try (StartTlsSmtpServer server = new StartTlsSmtpServer(dir, "localhost")) {
            MimeMessage m = message();
            new SmtpSender(tls("localhost", server.port(), server.caPem()), ENV::get).send(m);

            assertThat(server.sessions()).hasSize(1);
            StartTlsSmtpServer.Session s = server.sessions().get(0);
            assertThat(s.tls()).isTrue();
            assertThat(s.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(s.authBeforeTls()).as("no credentials in clear text").isNull();
            assertThat(s.auth()).endsWith("\0nigrani\0s3cret-pass");
            assertThat(s.data()).contains("Message-ID: " + m.getMessageID());
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        try (StartTlsSmtpServer server = new StartTlsSmtpServer(dir, "mail.elsewhere.example")) {
            // Trusted CA, wrong name: the identity check must fail the send.
            assertThatThrownBy(() -> new SmtpSender(tls("localhost", server.port(), server.caPem()), ENV::get).send(message()))
                    .isInstanceOf(MailSender.MailSendException.class).hasMessageNotContaining("s3cret-pass");
            assertThat(server.sessions()).allSatisfy(s -> {
                assertThat(s.auth()).isNull();
                assertThat(s.data()).isEmpty();
            });
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (StartTlsSmtpServer server = new StartTlsSmtpServer(dir, "localhost")) {
            assertThatThrownBy(() -> new SmtpSender(tls("localhost", server.port(), null), ENV::get).send(message()))
                    .isInstanceOf(MailSender.MailSendException.class);
            assertThat(server.sessions()).allSatisfy(s -> assertThat(s.data()).isEmpty());
        }
    }

    @Test
    void aServerWithoutStartTlsGetsNothing() {
        // GreenMail offers no STARTTLS: with it required, the send fails rather than go out in clear text.
        int port = plainServer.getSmtp().getPort();
        assertThatThrownBy(() -> new SmtpSender(tls("127.0.0.1", port, null), ENV::get).send(message()))
                .isInstanceOf(MailSender.MailSendException.class).hasMessageContaining("STARTTLS");
        assertThat(plainServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreadableCaFileIsNamed() {
        Path missing = dir.resolve("no-such-ca.pem");
        assertThatThrownBy(() -> new SmtpSender(tls("localhost", 25, missing), ENV::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-ca.pem");
    }
}
