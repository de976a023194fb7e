package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the {@code alert} section configures: who is told, when, and how.
 *
 * @param enabled false: no alerts at all (nothing is decided, nothing written to the outbox)
 * @param policy threshold, quiet hours, the band sent in quiet hours, the digest time
 * @param internalAffairs the desk that gets unresolved incidents and conflicts of interest
 * @param conflictToInternalAffairs whether an allegation naming a station's head (or his superiors) goes to
 *     internal affairs instead of that station
 * @param email sender, console link, how much post text is quoted
 * @param smtp the SMTP server; null: messages are written as {@code .eml} files to {@code outboxDir}
 * @param outboxDir where {@code .eml} files go when no SMTP server is configured (a string: settings travel in
 *     the job graph)
 * @param webhookUrlEnv the environment variable holding a webhook URL (chat tools); null: no webhook. The URL
 *     itself often carries a secret, so it is never in a file nor in a log.
 * @param initialBackoff first wait after a failed delivery; doubled per failure up to {@code maxBackoff}
 * @param maxAttempts deliveries tried before an alert is marked failed; 0: retried until it goes out
 * @param drainTimeout at the end of a bounded input, how long to wait for undelivered alerts before stopping;
 *     whatever is left stays pending in the outbox and goes out at the next start
 */
public record AlertSettings(
        boolean enabled,
        AlertPolicy.Settings policy,
        Recipient internalAffairs,
        boolean conflictToInternalAffairs,
        AlertEmail.Settings email,
        SmtpSender.Settings smtp,
        String outboxDir,
        String webhookUrlEnv,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxAttempts,
        Duration drainTimeout) implements Serializable {

    public static final String DEFAULT_OUTBOX = ".local/outbox";

    public AlertSettings {
        Objects.requireNonNull(policy, "alert policy");
        Objects.requireNonNull(internalAffairs, "alert.internal-affairs");
        AlertEmail.bareAddress(internalAffairs.email(), "alert.internal-affairs.email");
        Objects.requireNonNull(email, "alert email settings");
        if (smtp == null) {
            Objects.requireNonNull(outboxDir, "alert.outbox (needed when alert.smtp.host is not set)");
        }
        if (webhookUrlEnv != null && !webhookUrlEnv.matches("[A-Z_][A-Z0-9_]{0,63}")) {
            throw new IllegalArgumentException("alert.webhook.url-env must name an environment variable (A-Z, 0-9, _), was '"
                    + webhookUrlEnv + "'");
        }
        if (initialBackoff.toMillis() < 10 || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("alert.initial-backoff must be at least 10ms and alert.max-backoff no less, were "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("alert.max-attempts must be 0 (for ever) or more, was " + maxAttempts);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("alert.drain-timeout must not be negative, was " + drainTimeout);
        }
    }

    /** The settings the embedded default uses: Karachi policy at threshold 60, messages to the outbox folder. */
    public static AlertSettings local(String outboxDir, String consoleBaseUrl) {
        return new AlertSettings(true, AlertPolicy.Settings.karachi(60),
                new Recipient("Internal Affairs desk", "internal-affairs@example.org", null), true,
                new AlertEmail.Settings("alerts@nigrani.example.org", consoleBaseUrl, AlertEmail.QUOTE_EXCERPT), null,
                outboxDir, null, Duration.ofSeconds(1), Duration.ofSeconds(60), 0, Duration.ofSeconds(60));
    }
}
