package org.nigrani.jobs.alert;

import jakarta.mail.internet.MimeMessage;

/** Delivers rendered alert emails. Implementations throw {@link MailSendException} on failure; the caller retries. */
public interface MailSender {

    void send(MimeMessage message);

    /**
     * A message could not be delivered. Retrying the same message is safe (its Message-ID is stable) unless it is
     * {@link #permanent()}: the server refused it for good (an unknown mailbox), and retrying cannot help.
     */
    final class MailSendException extends RuntimeException {
        private final boolean permanent;

        public MailSendException(String message, Throwable cause) {
            this(message, cause, false);
        }

        public MailSendException(String message, Throwable cause, boolean permanent) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
