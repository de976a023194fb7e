package org.nigrani.console.incident;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range a browser asks for ({@code Range: bytes=START-[END]}), so a video can be sought without downloading
 * it whole. Only a single range of the plain form is honoured; anything else (several ranges, suffix ranges, garbage)
 * is answered with the whole item, which RFC 9110 allows.
 *
 * @param end inclusive
 */
record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})?");

    /** The range asked for, null when none (or none honoured) was; {@link #UNSATISFIABLE} past the item's end. */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches()) {
            return null;
        }
        long start = Long.parseLong(m.group(1));
        long end = m.group(2) == null ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (start >= size || end < start) {
            return UNSATISFIABLE;
        }
        return new ByteRange(start, end);
    }

    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return end - start + 1;
    }

    /**
     * Whether this request starts a viewing: a player's first request asks from byte 0, its seeks from further on, and
     * only the first goes into the custody log and the audit. Reading the whole item needs byte 0, so no viewing goes
     * unrecorded.
     */
    static boolean startsViewing(ByteRange range) {
        return range == null || range.start == 0;
    }
}
