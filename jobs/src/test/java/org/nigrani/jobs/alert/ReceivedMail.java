package org.nigrani.jobs.alert;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One message as the SMTP server delivered it to one mailbox, read into plain values: it stays readable once the
 * server is purged or stopped.
 *
 * @param mailbox the envelope recipient: the mailbox it was delivered to
 * @param headers every header, name to its values in order, decoded (RFC 2047)
 * @param to the bare addresses of the To header, as a mail client parses it
 * @param text the text/plain part, decoded
 * @param html the text/html part, decoded
 */
record ReceivedMail(String mailbox, Map<String, List<String>> headers, List<String> to, String text, String html) {

    /** Everything a server holds now, per mailbox. */
    static List<ReceivedMail> all(GreenMail server) {
        List<ReceivedMail> out = new ArrayList<>();
        for (GreenMailUser user : server.getUserManager().listUser()) {
            server.findReceivedMessages(u -> u.getEmail().equals(user.getEmail()), m -> true)
                    .forEach(m -> out.add(of(user.getEmail(), m)));
        }
        return out;
    }

    static ReceivedMail of(String mailbox, MimeMessage m) {
        try {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Header h : Collections.list(m.getAllHeaders())) {
                headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(MimeUtility.decodeText(MimeUtility.unfold(h.getValue())));
            }
            String text = null;
            String html = null;
            if (m.getContent() instanceof Multipart parts) {
                for (int i = 0; i < parts.getCount(); i++) {
                    BodyPart part = parts.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            }
            Address[] to = m.getRecipients(Message.RecipientType.TO);
            List<String> addresses = to == null ? List.of()
                    : Arrays.stream(to).map(a -> ((InternetAddress) a).getAddress()).toList();
            return new ReceivedMail(mailbox, Collections.unmodifiableMap(headers), addresses, text, html);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read a received message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    String messageId() {
        return only("Message-ID");
    }

    String subject() {
        return only("Subject");
    }

    /** Every header and both parts, decoded: where a leak would show. */
    String decoded() {
        String all = headers.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> e.getKey() + ": " + v))
                .collect(Collectors.joining("\n"));
        return all + "\n" + text + "\n" + html;
    }

    private String only(String name) {
        List<String> values = header(name);
        if (values.size() != 1) {
            throw new AssertionError(name + " should appear once, found " + values + " in the message to " + mailbox);
        }
        return values.get(0);
    }
}
