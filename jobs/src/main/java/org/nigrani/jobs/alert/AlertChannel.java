package org.nigrani.jobs.alert;

/**
 * One way alerts are delivered (email, webhook). The writer renders an alert once into the bytes it stores in the
 * outbox, and delivers those bytes, so a retry sends exactly what was first rendered.
 */
interface AlertChannel extends AutoCloseable {

    /** The channel's name in the outbox ({@code email}, {@code webhook}). */
    String name();

    /** The bytes to deliver: a whole MIME message, a JSON body. */
    byte[] render(Alert alert);

    /** The subject line the outbox records, so the audit can list what was said without opening the body. */
    String subject(Alert alert);

    /** Delivers {@code body}; throws {@link MailSender.MailSendException} on failure (permanent or not). */
    void deliver(String id, byte[] body);

    @Override
    default void close() {}
}
