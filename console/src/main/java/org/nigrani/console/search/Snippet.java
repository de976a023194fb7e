package org.nigrani.console.search;

import java.util.ArrayList;
import java.util.List;
import org.owasp.encoder.Encode;

/**
 * A piece of a stranger's text with the search's matches marked, as plain segments: a page renders each segment as
 * escaped text (in a {@code <mark>} when marked), so no markup from the text itself can ever reach the page.
 */
public record Snippet(List<Segment> segments, boolean cut) {

    public record Segment(String text, boolean marked) {}

    static final String GAP = " … ";

    public Snippet {
        segments = List.copyOf(segments);
    }

    public static Snippet empty() {
        return new Snippet(List.of(), false);
    }

    /**
     * Splits highlighter fragments on {@link SearchBody#MARK_START}/{@link SearchBody#MARK_END}, joins them with an
     * ellipsis, and keeps at most {@code maxChars} characters (code points).
     */
    public static Snippet ofFragments(List<String> fragments, int maxChars) {
        Builder b = new Builder(maxChars);
        for (int i = 0; i < fragments.size() && !b.full(); i++) {
            if (i > 0) {
                b.add(GAP, false);
            }
            String f = fragments.get(i);
            boolean marked = false;
            int start = 0;
            for (int j = 0; j < f.length(); j++) {
                char c = f.charAt(j);
                if (c == SearchBody.MARK_START.charAt(0) || c == SearchBody.MARK_END.charAt(0)) {
                    b.add(f.substring(start, j), marked);
                    marked = c == SearchBody.MARK_START.charAt(0);
                    start = j + 1;
                }
            }
            b.add(f.substring(start), marked);
        }
        return b.build();
    }

    /** Unmarked text, cut to {@code maxChars}. */
    public static Snippet plain(String text, int maxChars) {
        return ofFragments(text == null ? List.of() : List.of(text.replace(SearchBody.MARK_START, "")
                .replace(SearchBody.MARK_END, "")), maxChars);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The text without marks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        segments.forEach(s -> sb.append(s.text()));
        return sb.toString();
    }

    /** HTML: the text escaped, the matches in {@code <mark>} elements, and no other markup. */
    public String html() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            if (s.marked()) {
                sb.append("<mark>").append(Encode.forHtml(s.text())).append("</mark>");
            } else {
                sb.append(Encode.forHtml(s.text()));
            }
        }
        return sb.toString();
    }

    private static final class Builder {
        private final int maxChars;
        private final List<Segment> segments = new ArrayList<>();
        private int chars;
        private boolean cut;

        Builder(int maxChars) {
            this.maxChars = maxChars;
        }

        boolean full() {
            return cut;
        }

        void add(String text, boolean marked) {
            if (text.isEmpty() || cut) {
                return;
            }
            int n = text.codePointCount(0, text.length());
            if (chars + n > maxChars) {
                text = text.substring(0, text.offsetByCodePoints(0, maxChars - chars)) + "…";
                n = maxChars - chars;
                cut = true;
            }
            chars += n;
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null && last.marked() == marked) {
                segments.set(segments.size() - 1, new Segment(last.text() + text, marked));
            } else {
                segments.add(new Segment(text, marked));
            }
        }

        Snippet build() {
            return new Snippet(segments, cut);
        }
    }
}
