package org.nigrani.console.incident;

import java.util.List;

/**
 * CSV as spreadsheets read it (RFC 4180: every cell quoted, quotes doubled, CRLF between rows), with formula
 * injection neutralised: a post's text starting with {@code =}, {@code +}, {@code -} or {@code @} (or a tab or carriage
 * return, which some spreadsheets skip before one) would run as a formula when the case file is opened, so such a
 * cell gets a leading apostrophe and is shown as text.
 */
final class CsvTable {

    private final StringBuilder out = new StringBuilder();

    CsvTable(List<String> header) {
        // A byte order mark, so that spreadsheets read the Urdu as UTF-8.
        out.append('\uFEFF');
        row(header);
    }

    CsvTable row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(cell(cells.get(i)).replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
        return this;
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
