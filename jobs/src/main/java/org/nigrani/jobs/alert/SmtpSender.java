package org.nigrani.jobs.alert;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.nigrani.elastic.ElasticConnection;

/**
 * Sends over SMTP with Jakarta Mail (Angus). Credentials are read from the environment variables whose names the
 * settings give, at send time; the password is never logged nor shown by {@link #toString()}.
 */
public final class SmtpSender implements MailSender {

    /**
     * @param startTls when true, STARTTLS is required (the send fails rather than going out in clear text)
     * @param usernameEnv name of the environment variable holding the SMTP user, or null for no authentication
     * @param passwordEnv name of the environment variable holding the SMTP password
     * @param caCertificate a PEM file of the CA that signed the server's certificate (a private mail relay), or
     *     null for the JVM's trusted CAs; a path string, since settings travel in the job graph
     */
    public record Settings(String host, int port, boolean startTls, String usernameEnv, String passwordEnv,
            Duration connectTimeout, Duration readTimeout, String caCertificate) implements java.io.Serializable {
        public Settings {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || !host.equals(AlertEmail.headerSafe(host)) || host.contains(" ")) {
                throw new IllegalArgumentException("SMTP host is not a host name: " + host);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be 1..65535, was " + port);
            }
            if ((usernameEnv == null) != (passwordEnv == null)) {
                throw new IllegalArgumentException("give both usernameEnv and passwordEnv, or neither");
            }
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("SMTP timeouts must be positive");
            }
        }
    }

    private final Settings settings;
    private final Function<String, String> env;
    private final Session session;

    public SmtpSender(Settings settings) {
        this(settings, System::getenv);
    }

    /** @param env looks up an environment variable by name (injectable for tests) */
    public SmtpSender(Settings settings, Function<String, String> env) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.env = Objects.requireNonNull(env, "env");
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.auth", Boolean.toString(settings.usernameEnv() != null));
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        if (settings.startTls()) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
            if (settings.caCertificate() != null) {
                // Angus takes the factory for the STARTTLS upgrade from this property.
                p.put("mail.smtp.ssl.socketFactory",
                        ElasticConnection.sslContextTrusting(Path.of(settings.caCertificate())).getSocketFactory());
            }
        }
        p.put("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.put("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(settings.readTimeout().toMillis()));
        this.session = Session.getInstance(p);
    }

    @Override
    public void send(MimeMessage message) {
        String where = settings.host() + ":" + settings.port();
        String user = null;
        String password = null;
        if (settings.usernameEnv() != null) {
            user = env.apply(settings.usernameEnv());
            password = env.apply(settings.passwordEnv());
            if (user == null || password == null) {
                throw new MailSendException("SMTP credentials missing: set the environment variables "
                        + settings.usernameEnv() + " and " + settings.passwordEnv(), null);
            }
        }
        String id = messageId(message);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(settings.host(), settings.port(), user, password);
            Address[] recipients = message.getAllRecipients();
            if (recipients == null || recipients.length == 0) {
                throw new MailSendException("message " + id + " has no recipients", null);
            }
            transport.sendMessage(message, recipients);
        } catch (SendFailedException e) {
            // Refused recipients (5xx to RCPT TO) will be refused again; anything else (4xx, a dropped connection) may pass.
            boolean permanent = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0
                    && (e.getValidSentAddresses() == null || e.getValidSentAddresses().length == 0);
            throw new MailSendException("SMTP send of " + id + " via " + where + " failed: " + e.getMessage(), e, permanent);
        } catch (MessagingException e) {
            // The exception text comes from the server or the socket, never from our credentials.
            throw new MailSendException("SMTP send of " + id + " via " + where + " failed: " + e.getMessage(), e);
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            return "(no Message-ID)";
        }
    }

    @Override
    public String toString() {
        return "SmtpSender[host=" + settings.host() + ", port=" + settings.port() + ", startTls=" + settings.startTls()
                + ", usernameEnv=" + settings.usernameEnv() + ", password=" + (settings.passwordEnv() == null ? "none" : "****")
                + "]";
    }
}
