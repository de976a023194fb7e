package org.nigrani.jobs.alert;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Properties;

/** Alerts as email: rendered by {@link AlertEmail}, delivered by a {@link MailSender} (SMTP or the outbox folder). */
final class EmailChannel implements AlertChannel {

    private final AlertEmail email;
    private final MailSender sender;
    private final Session session = Session.getInstance(new Properties());

    EmailChannel(AlertEmail email, MailSender sender) {
        this.email = Objects.requireNonNull(email, "email");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public byte[] render(Alert alert) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            email.render(alert).writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("could not render the alert email " + alert.id(), e);
        }
    }

    @Override
    public String subject(Alert alert) {
        return email.subject(alert);
    }

    @Override
    public void deliver(String id, byte[] body) {
        MimeMessage message;
        try {
            // Parsed back from the stored bytes: the headers, Message-ID included, are sent as they were rendered.
            message = new MimeMessage(session, new ByteArrayInputStream(body));
        } catch (MessagingException e) {
            throw new MailSender.MailSendException("stored message of alert " + id + " cannot be read", e, true);
        }
        sender.send(message);
    }

    @Override
    public String toString() {
        return "EmailChannel[" + sender + "]";
    }
}
