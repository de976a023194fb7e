package org.nigrani.jobs.alert;

import jakarta.mail.internet.MimeMessage;

/** Delivers rendered alert emails. Implementations throw {@link MailSendException} on failure; the caller retries. */
public interface MailSender {

    void send(MimeMessage message);

    /** A message could not be delivered; retrying the same message is safe (its Message-ID is stable). */
    final class MailSendException extends RuntimeException {
        public MailSendException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
