package org.nigrani.console.search;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.nigrani.console.auth.User;

/**
 * One search, as its URL gives it ({@code /search?q=…&station=…}): validated once here, so the query builder, the
 * page and the API only ever see sensible values. Empty parameters (a form's blank fields) count as absent.
 *
 * @param q the full text, given to Elasticsearch only as a simple_query_string's query
 * @param from {@code yyyy-MM-dd} (from the start of that day, UTC) or an ISO instant; kept as given for the URL
 * @param to {@code yyyy-MM-dd} (to the end of that day, UTC) or an ISO instant, inclusive
 * @param page 0-based; capped so that no search reads past Elasticsearch's 10,000th hit
 * @param notices what was changed or left out of the search as asked, for the user to know
 */
public record SearchQuery(Kind kind, String q, String station, String city, String category, String lang,
        String status, Integer min, Integer max, boolean video, String from, String to, String assignee, Sort sort,
        int page, List<String> notices) {

    public static final int PAGE_SIZE = 20;
    /** Elasticsearch's index.max_result_window: from + size may not pass it. */
    public static final int MAX_WINDOW = 10_000;
    public static final int LAST_PAGE = (MAX_WINDOW - PAGE_SIZE) / PAGE_SIZE;
    public static final int MAX_Q = 500;
    public static final List<String> STATUSES = List.of("new", "in_review", "escalated", "dismissed", "closed");

    /** The parameters, in the order links write them. */
    public static final List<String> PARAMETERS = List.of("q", "kind", "station", "city", "category", "lang", "status",
            "min", "max", "video", "from", "to", "assignee", "sort", "page");

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    /** The sort orders; each ends on a unique field so that pages never overlap. */
    public enum Sort {
        PRIORITY, RECENT, REACH;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A parameter that cannot be used, with a message naming it that the user can act on. */
    public static final class BadParameter extends IllegalArgumentException {
        private final String parameter;

        public BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    public SearchQuery {
        notices = List.copyOf(notices);
    }

    /** The default search: every incident the user may see, by priority. */
    public static SearchQuery all() {
        return parse(Map.of());
    }

    /** Parses the query parameters of a search URL; throws {@link BadParameter} naming the first bad one. */
    public static SearchQuery parse(Map<String, List<String>> params) {
        List<String> notices = new ArrayList<>();
        String kindKey = one(params, "kind");
        Kind kind = kindKey == null ? Kind.INCIDENTS : Kind.of(kindKey);
        if (kind == null) {
            throw new BadParameter("kind", "kind must be incidents or posts, was '" + shown(kindKey) + "'");
        }
        String q = one(params, "q");
        if (q != null && q.codePointCount(0, q.length()) > MAX_Q) {
            throw new BadParameter("q", "q (the search text) may be at most " + MAX_Q + " characters");
        }
        String station = plain(params, "station", 100);
        String city = plain(params, "city", 100);
        String category = matching(params, "category", CATEGORY, "a category such as violence or extortion");
        String lang = matching(params, "lang", LANG, "a language code such as en, ur or ur-Latn");
        String status = one(params, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw new BadParameter("status", "status must be one of " + String.join(", ", STATUSES) + "; was '"
                    + shown(status) + "'");
        }
        Integer min = score(params, "min");
        Integer max = score(params, "max");
        if (min != null && max != null && min > max) {
            throw new BadParameter("min", "min (" + min + ") is above max (" + max + ")");
        }
        String videoValue = one(params, "video");
        if (videoValue != null && !videoValue.equals("true")) {
            throw new BadParameter("video", "video must be true (only incidents or posts with video) or left out; was '"
                    + shown(videoValue) + "'");
        }
        String from = one(params, "from");
        String to = one(params, "to");
        Instant fromTime = from == null ? null : start("from", from);
        Instant toTime = to == null ? null : end("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new BadParameter("from", "from (" + from + ") is after to (" + to + ")");
        }
        String assignee = one(params, "assignee");
        if (assignee != null) {
            try {
                User.checkName(assignee);
            } catch (IllegalArgumentException e) {
                throw new BadParameter("assignee", "assignee must be a user name: " + e.getMessage());
            }
        }
        String sortKey = one(params, "sort");
        Sort sort = Sort.PRIORITY;
        if (sortKey != null) {
            sort = switch (sortKey) {
                case "priority" -> Sort.PRIORITY;
                case "recent" -> Sort.RECENT;
                case "reach" -> Sort.REACH;
                default -> throw new BadParameter("sort", "sort must be priority, recent or reach, was '" + shown(sortKey) + "'");
            };
        }
        int page = 0;
        String pageValue = one(params, "page");
        if (pageValue != null) {
            if (!pageValue.matches("\\d+")) {
                throw new BadParameter("page", "page must be a whole number from 0, was '" + shown(pageValue) + "'");
            }
            page = pageValue.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(pageValue);
            if (page > LAST_PAGE) {
                notices.add("Only the first " + String.format(Locale.ROOT, "%,d", MAX_WINDOW) + " results can be paged "
                        + "through; this is page " + (LAST_PAGE + 1) + ", the last. Narrow the search to see the others.");
                page = LAST_PAGE;
            }
        }
        if (!kind.triaged() && (status != null || assignee != null)) {
            notices.add("Status and assignee belong to incidents: they were not applied to the posts.");
        }
        return new SearchQuery(kind, q, station, city, category, lang, status, min, max, videoValue != null, from, to,
                assignee, sort, page, notices);
    }

    /** Inclusive start of the time range, or null. */
    public Instant fromTime() {
        return from == null ? null : start("from", from);
    }

    /** Exclusive end of the time range, or null. */
    public Instant toTime() {
        return to == null ? null : end("to", to);
    }

    /** Hits skipped before this page. */
    public int offset() {
        return page * PAGE_SIZE;
    }

    /** The parameters that differ from the defaults, in a fixed order: what a link to this search carries. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "q", q);
        put(p, "kind", kind == Kind.INCIDENTS ? null : kind.key());
        put(p, "station", station);
        put(p, "city", city);
        put(p, "category", category);
        put(p, "lang", lang);
        put(p, "status", status);
        put(p, "min", min == null ? null : min.toString());
        put(p, "max", max == null ? null : max.toString());
        put(p, "video", video ? "true" : null);
        put(p, "from", from);
        put(p, "to", to);
        put(p, "assignee", assignee);
        put(p, "sort", sort == Sort.PRIORITY ? null : sort.key());
        put(p, "page", page == 0 ? null : Integer.toString(page));
        return p;
    }

    /** The parameter's value as a link would carry it, or null. */
    public String param(String name) {
        return params().get(name);
    }

    private static void put(Map<String, String> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        List<String> given = values.stream().map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        if (given.size() > 1) {
            throw new BadParameter(name, name + " is given more than once");
        }
        return given.isEmpty() ? null : given.get(0);
    }

    private static String plain(Map<String, List<String>> params, String name, int maxChars) {
        String v = one(params, name);
        if (v != null && (v.length() > maxChars || v.chars().anyMatch(Character::isISOControl))) {
            throw new BadParameter(name, name + " must be at most " + maxChars + " characters, without control characters");
        }
        return v;
    }

    private static String matching(Map<String, List<String>> params, String name, Pattern pattern, String what) {
        String v = one(params, name);
        if (v != null && !pattern.matcher(v).matches()) {
            throw new BadParameter(name, name + " must be " + what + ", was '" + shown(v) + "'");
        }
        return v;
    }

    private static Integer score(Map<String, List<String>> params, String name) {
        String v = one(params, name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter(name, name + " (priority) must be a whole number from 0 to 100, was '" + shown(v) + "'");
    }

    private static Instant start(String name, String value) {
        return instant(name, value, false);
    }

    private static Instant end(String name, String value) {
        return instant(name, value, true);
    }

    /** A day covers all of it: from its start, to the start of the next (exclusive); an instant is exact. */
    private static Instant instant(String name, String value, boolean end) {
        try {
            if (value.length() == 10) {
                Instant day = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                return end ? day.plus(1, ChronoUnit.DAYS) : day;
            }
            Instant at = OffsetDateTime.parse(value).toInstant();
            return end ? at.plusMillis(1) : at;
        } catch (DateTimeException e) {
            throw new BadParameter(name, name + " must be a date (2024-05-31) or an ISO time (2024-05-31T18:00:00Z), was '"
                    + shown(value) + "'");
        }
    }

    /** A bad value as an error message repeats it: short, and without control characters. */
    private static String shown(String value) {
        String v = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return v.codePointCount(0, v.length()) > 40 ? v.substring(0, v.offsetByCodePoints(0, 40)) + "…" : v;
    }
}
