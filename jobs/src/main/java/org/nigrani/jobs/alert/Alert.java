package org.nigrani.jobs.alert;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nigrani.jobs.incident.Incident;

/**
 * One alert to deliver: about one incident (or a day's incidents, for a digest), to one recipient.
 *
 * @param id stable for the same decision however often it is made again (after a restore, a replay): the
 *     incident, the sequence and the recipient, or the digest's day and recipient. The outbox document and the
 *     email's Message-ID derive from it, so a retry is never a second distinct email.
 * @param kind {@link #FIRST}, {@link #ESCALATION} or {@link #DIGEST}
 * @param sequence the how-many-th alert about the incident to this recipient (1 for a digest)
 * @param reason why it is sent, in words for the recipient ("priority P1 (83)", "reach ×10 since the last alert")
 * @param incidents the incident, or a digest's incidents
 * @param arrivedAt when the job read the post that led to it (epoch ms), 0 when unknown: for latency figures
 * @param held whether it waited for the end of quiet hours (its latency then says nothing about the pipeline)
 */
public record Alert(String id, String kind, Recipient to, int sequence, String reason, List<Incident> incidents,
        long arrivedAt, boolean held) implements Serializable {

    public static final String FIRST = "first";
    public static final String ESCALATION = "escalation";
    public static final String DIGEST = "digest";

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        incidents = List.copyOf(incidents);
        if (incidents.isEmpty()) {
            throw new IllegalArgumentException("an alert is about at least one incident");
        }
    }

    /** A first alert or an escalation about {@code incident}. */
    public static Alert about(String kind, Recipient to, int sequence, String reason, Incident incident, boolean held) {
        String id = incident.state().id() + "-" + sequence + "." + recipientHash(to);
        return new Alert(id, kind, to, sequence, reason, List.of(incident), incident.arrivedAt(), held);
    }

    /**
     * The digest of {@code day} for {@code to}. Its id also covers which incidents it lists, so the same digest
     * made again is recognised, and a late one for the same day (an incident marked after the day's went) is not
     * taken for it.
     */
    public static Alert digest(LocalDate day, Recipient to, String reason, List<Incident> incidents) {
        String listed = String.join(",", incidents.stream().map(i -> i.state().id()).sorted().toList());
        return new Alert("digest-" + day + "-" + hash(listed) + "." + recipientHash(to), DIGEST, to, 1, reason, incidents,
                0, false);
    }

    /** The id of the first alert to the same recipient about the same incident: follow-ups thread under it. */
    public String firstId() {
        return DIGEST.equals(kind) ? id : lead().state().id() + "-1." + recipientHash(to);
    }

    /** The incident an alert is about (the first of a digest). */
    public Incident lead() {
        return incidents.get(0);
    }

    /** 16 hex digits of the SHA-256 of the recipient's address: distinguishes recipients without naming them. */
    static String recipientHash(Recipient to) {
        return hash(to.email().strip().toLowerCase(Locale.ROOT));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
