package org.nigrani.jobs.alert;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.jobs.incident.Priority;
import org.owasp.encoder.Encode;

/**
 * Renders an {@link Alert} into a MIME message: multipart/alternative with a text/plain and a text/html part, UTF-8.
 *
 * <p>Witness protection: the message names no author, handle, profile or post URL. The only post text an incident
 * carries is its title; it is shown per {@link Settings#quote()} with @handles, e-mail addresses, phone numbers and
 * links masked (and in an excerpt, what looks like a private person's name: {@link PersonNames}), or not at all. Headers are never built from post text, and every value put in a header has its
 * control characters (CR/LF included) removed.
 *
 * <p>The Message-ID depends only on the incident id, the alert's sequence and the recipient, so a retry of the same
 * alert yields the same id (and the same outbox file).
 */
public final class AlertEmail {

    /** How much post text (the incident's title) an alert may quote. */
    public static final String QUOTE_OFF = "off";
    public static final String QUOTE_EXCERPT = "excerpt";
    public static final String QUOTE_FULL = "full";
    static final int EXCERPT_CHARS = 200;
    static final String MESSAGE_ID_DOMAIN = "nigrani.local";

    /** Weights of the priority formula, in the order of {@link Priority.Components}. */
    private static final double[] WEIGHTS = {Priority.W_CONFIDENCE, Priority.W_SEVERITY, Priority.W_VIDEO,
        Priority.W_REACH, Priority.W_GROWTH, Priority.W_RECENCY};
    private static final String[] COMPONENT_NAMES = {"confidence", "severity", "video", "reach", "growth", "recency"};

    /**
     * @param from the bare sender address ("alerts@nigrani.example")
     * @param consoleBaseUrl http(s) base of the console; incidents are linked as {@code {base}/incidents/{id}}
     * @param quote {@code off}, {@code excerpt} (default, when null) or {@code full}
     */
    public record Settings(String from, String consoleBaseUrl, String quote) implements java.io.Serializable {
        public Settings {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(consoleBaseUrl, "consoleBaseUrl");
            from = from.strip();
            bareAddress(from, "from");
            consoleBaseUrl = consoleBaseUrl.strip();
            try {
                URI uri = new URI(consoleBaseUrl);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException(
                            "consoleBaseUrl must be an http(s) URL with a host and no query: " + consoleBaseUrl);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("consoleBaseUrl is not a URL: " + consoleBaseUrl, e);
            }
            while (consoleBaseUrl.endsWith("/")) {
                consoleBaseUrl = consoleBaseUrl.substring(0, consoleBaseUrl.length() - 1);
            }
            quote = quote == null ? QUOTE_EXCERPT : quote.strip().toLowerCase(Locale.ROOT);
            if (!List.of(QUOTE_OFF, QUOTE_EXCERPT, QUOTE_FULL).contains(quote)) {
                throw new IllegalArgumentException("quote must be off, excerpt or full, was " + quote);
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final PersonNames names;
    private final Session session = Session.getInstance(new Properties());

    /** Recognises names against common words only: station names in a quote may be masked too. */
    public AlertEmail(Settings settings, Clock clock) {
        this(settings, clock, PersonNames.common());
    }

    /** @param names what an excerpt masks as a private person's name */
    AlertEmail(Settings settings, Clock clock, PersonNames names) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** The message for {@code alert}, headers saved; its Date is the injected clock's now. */
    public MimeMessage render(Alert alert) {
        List<Incident> incidents = byPriority(alert);
        Incident lead = incidents.get(0);
        try {
            MimeMessage message = new StableIdMessage(session, messageId(alert));
            message.setFrom(bareAddress(settings.from(), "from"));
            InternetAddress to = bareAddress(alert.to().email(), "recipient email");
            to.setPersonal(headerSafe(alert.to().name()), "UTF-8");
            message.setRecipient(MimeMessage.RecipientType.TO, to);
            message.setSubject(subject(alert, incidents), "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("Auto-Submitted", "auto-generated");
            if (alert.sequence() > 1) {
                // A follow-up threads under the first alert in the recipient's mail client.
                String first = "<" + alert.firstId().replaceAll("[^A-Za-z0-9._-]", "_") + "@" + MESSAGE_ID_DOMAIN + ">";
                message.setHeader("In-Reply-To", first);
                message.setHeader("References", first);
            }

            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(text(alert, incidents), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(html(alert, incidents), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("could not build the alert email for " + lead.state().id(), e);
        }
    }

    /** {@code <inc-…-3.<hash of recipient email>@nigrani.local>}: the alert's id, which is stable across retries. */
    static String messageId(Alert alert) {
        return "<" + alert.id().replaceAll("[^A-Za-z0-9._-]", "_") + "@" + MESSAGE_ID_DOMAIN + ">";
    }

    /** The alert's incidents, most urgent first: the order of the body, and the subject's lead. */
    private static List<Incident> byPriority(Alert alert) {
        List<Incident> incidents = new ArrayList<>(alert.incidents());
        incidents.sort(Comparator.comparingInt((Incident i) -> i.priority().score()).reversed());
        return incidents;
    }

    /** The subject line of {@code alert}'s email. */
    public String subject(Alert alert) {
        return subject(alert, byPriority(alert));
    }

    private String subject(Alert alert, List<Incident> incidents) {
        Incident lead = incidents.get(0);
        if (Alert.DIGEST.equals(alert.kind())) {
            // The station is the recipient's; the band is the highest in the digest.
            return headerSafe("[Nigrani digest, up to " + lead.priority().band() + "] " + place(lead.state()) + ": "
                    + incidents.size() + (incidents.size() == 1 ? " incident" : " incidents") + " below the alert threshold");
        }
        return subject(lead, incidents.size());
    }

    String subject(Incident lead, int count) {
        IncidentState s = lead.state();
        StringBuilder b = new StringBuilder("[Nigrani ").append(lead.priority().band()).append("] ")
                .append(place(s)).append(": ").append(words(s.category())).append(", ")
                .append(s.postCount()).append(s.postCount() == 1 ? " post" : " posts");
        if (count > 1) {
            b.append(" (+").append(count - 1).append(" more)");
        }
        return headerSafe(b.toString());
    }

    /** Station name(s) and city, or "station unresolved". */
    private static String place(IncidentState s) {
        String stations = s.stations().isEmpty() ? "station unresolved"
                : String.join(" / ", s.stations().stream().map(Enrichment.StationRef::name).toList());
        return s.city() == null ? stations : stations + ", " + s.city();
    }

    private String text(Alert alert, List<Incident> incidents) {
        StringBuilder b = new StringBuilder();
        b.append("Nigrani alert for ").append(alert.to().name()).append('\n');
        if (alert.reason() != null) {
            b.append("Reason: ").append(alert.reason()).append('\n');
        }
        for (Incident incident : incidents) {
            IncidentState s = incident.state();
            Priority p = incident.priority();
            b.append('\n').append("Incident ").append(s.id()).append('\n');
            String quote = quote(s.title());
            if (quote != null) {
                b.append("Summary: \"").append(quote).append("\"\n");
            }
            b.append("Priority: ").append(p.score()).append(" (").append(p.band()).append(")\n");
            for (String[] c : components(p)) {
                b.append("  ").append(c[0]).append(": ").append(c[1]).append(" × weight ").append(c[2]).append('\n');
            }
            b.append("Categories: ").append(categories(s)).append('\n');
            b.append("Stations: ").append(place(s)).append('\n');
            b.append("City: ").append(orNone(s.city())).append('\n');
            b.append("Officers: ").append(officers(s)).append('\n');
            b.append("Victims: ").append(s.victims().isEmpty() ? "not stated" : String.join(", ", s.victims())).append('\n');
            b.append("Posts: ").append(s.postCount()).append('\n');
            b.append("Reach: ").append(s.views()).append(" views, ").append(s.reposts()).append(" reposts, ")
                    .append(Math.round(s.viewsPerHour())).append(" views/hour, trend ").append(s.trend()).append('\n');
            b.append("Video evidence: ").append(s.hasVideo() ? "yes" : "no").append('\n');
            b.append("Open in the console: ").append(link(s)).append('\n');
        }
        b.append("\nThis alert names no poster: the people who reported this are witnesses. Do not seek them out.\n");
        return b.toString();
    }

    private String html(Alert alert, List<Incident> incidents) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
        b.append("<p>Nigrani alert for ").append(Encode.forHtml(alert.to().name())).append("</p>");
        if (alert.reason() != null) {
            b.append("<p>Reason: ").append(Encode.forHtml(alert.reason())).append("</p>");
        }
        for (Incident incident : incidents) {
            IncidentState s = incident.state();
            Priority p = incident.priority();
            b.append("<h2>").append(Encode.forHtml(p.band())).append(": ").append(Encode.forHtml(place(s)))
                    .append("</h2>");
            String quote = quote(s.title());
            if (quote != null) {
                b.append("<blockquote>").append(Encode.forHtml(quote)).append("</blockquote>");
            }
            b.append("<table>");
            row(b, "Incident", s.id());
            row(b, "Priority", p.score() + " (" + p.band() + ")");
            StringBuilder comps = new StringBuilder();
            for (String[] c : components(p)) {
                comps.append(comps.length() == 0 ? "" : "; ").append(c[0]).append(' ').append(c[1])
                        .append(" × ").append(c[2]);
            }
            row(b, "Components", comps.toString());
            row(b, "Categories", categories(s));
            row(b, "Stations", place(s));
            row(b, "City", orNone(s.city()));
            row(b, "Officers", officers(s));
            row(b, "Victims", s.victims().isEmpty() ? "not stated" : String.join(", ", s.victims()));
            row(b, "Posts", Long.toString(s.postCount()));
            row(b, "Reach", s.views() + " views, " + s.reposts() + " reposts, " + Math.round(s.viewsPerHour())
                    + " views/hour, trend " + s.trend());
            row(b, "Video evidence", s.hasVideo() ? "yes" : "no");
            b.append("</table>");
            String link = link(s);
            b.append("<p><a href=\"").append(Encode.forHtmlAttribute(link)).append("\">")
                    .append(Encode.forHtml(link)).append("</a></p>");
        }
        b.append("<p>This alert names no poster: the people who reported this are witnesses. Do not seek them out.</p>");
        return b.append("</body></html>").toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th align=\"left\">").append(Encode.forHtml(name)).append("</th><td>")
                .append(Encode.forHtml(value)).append("</td></tr>");
    }

    public String link(IncidentState s) {
        return settings.consoleBaseUrl() + "/incidents/"
                + URLEncoder.encode(s.id(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String[]> components(Priority p) {
        Priority.Components c = p.components();
        double[] values = {c.confidence(), c.severity(), c.video(), c.reach(), c.growth(), c.recency()};
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new String[] {COMPONENT_NAMES[i], String.format(Locale.ROOT, "%.2f", values[i]),
                    String.format(Locale.ROOT, "%.2f", WEIGHTS[i])});
        }
        return out;
    }

    private static String categories(IncidentState s) {
        if (s.categories().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : s.categories().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList()) {
            parts.add(words(e.getKey()) + " (" + e.getValue() + ")");
        }
        return String.join(", ", parts);
    }

    private static String officers(IncidentState s) {
        if (s.officers().isEmpty()) {
            return s.officerTotal() > 0 ? s.officerTotal() + " (ranks not stated)" : "not stated";
        }
        List<String> parts = new ArrayList<>();
        s.officers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + " × " + e.getValue()));
        return String.join(", ", parts);
    }

    private static String words(String category) {
        return category == null ? "uncategorised" : category.replace('_', ' ');
    }

    private static String orNone(String value) {
        return value == null ? "not resolved" : value;
    }

    // ---- quote policy -------------------------------------------------------------------------------------------

    private static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:https?://|www\\.)\\S+|\\b(?:[a-z0-9-]+\\.)+[a-z]{2,}/\\S*");
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
    private static final Pattern HANDLE = Pattern.compile("[@＠][\\p{L}\\p{N}_]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d\\s().\\-]{5,}\\d");

    /** The title as this policy quotes it, or null when it quotes nothing. */
    public String quote(String title) {
        if (title == null || settings.quote().equals(QUOTE_OFF)) {
            return null;
        }
        String masked = mask(title);
        if (settings.quote().equals(QUOTE_EXCERPT)) {
            masked = names.mask(masked);
        }
        if (settings.quote().equals(QUOTE_EXCERPT) && masked.codePointCount(0, masked.length()) > EXCERPT_CHARS) {
            String cut = masked.substring(0, masked.offsetByCodePoints(0, EXCERPT_CHARS));
            int space = cut.lastIndexOf(' ');
            masked = (space > EXCERPT_CHARS / 2 ? cut.substring(0, space) : cut) + "…";
        }
        return masked;
    }

    /** Post text with links, e-mail addresses, @handles and phone numbers masked. */
    static String mask(String text) {
        String out = URL.matcher(text).replaceAll("[link]");
        out = EMAIL.matcher(out).replaceAll("[email]");
        out = HANDLE.matcher(out).replaceAll("@[handle]");
        Matcher m = PHONE.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            m.appendReplacement(b, digits >= 7 ? "[phone]" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    // ---- headers ------------------------------------------------------------------------------------------------

    /** Removes control characters (CR, LF, tab, NUL, …) and Unicode line/paragraph separators; collapses spaces. */
    static String headerSafe(String value) {
        if (value == null) {
            return "";
        }
        String out = value.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
        return out.length() > 200 ? out.substring(0, 199) + "…" : out;
    }

    static InternetAddress bareAddress(String address, String what) {
        if (address == null || !address.equals(headerSafe(address)) || address.contains(" ")) {
            throw new IllegalArgumentException(what + " must be a bare e-mail address: " + address);
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(address) || parsed.isGroup()) {
                throw new IllegalArgumentException(what + " must be a bare e-mail address: " + address);
            }
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + " must be a bare e-mail address: " + address, e);
        }
    }

    /** A message whose Message-ID is fixed, so that saving its changes again keeps it. */
    static final class StableIdMessage extends MimeMessage {
        private final String id;

        StableIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
