package org.nigrani.elastic.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, formatted for an error message. */
final class LogTail {

    private LogTail() {
    }

    /** The file's size now, to pass to {@link #of(Path, long, int)} later; 0 if it does not exist. */
    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String of(Path file, int lines) {
        return of(file, 0, lines);
    }

    /**
     * The last lines written after byte {@code from}: Elasticsearch appends to its log from start to start, and the
     * lines of an earlier, successful start would only mislead.
     */
    static String of(Path file, long from, int lines) {
        if (!Files.exists(file)) {
            return "--- " + file + " does not exist ---";
        }
        try (InputStream in = Files.newInputStream(file)) {
            // A file shorter than before was rotated: all of it is new.
            long skip = from <= Files.size(file) ? from : 0;
            in.skipNBytes(skip);
            // Lenient decoding: a half-written multi-byte character must not hide the rest of the log.
            List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (all.isEmpty()) {
                return "--- nothing new in " + file + " ---";
            }
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "--- could not read " + file + ": " + e + " ---";
        }
    }
}
