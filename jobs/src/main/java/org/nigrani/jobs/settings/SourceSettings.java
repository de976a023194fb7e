package org.nigrani.jobs.settings;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where posts are read from.
 *
 * @param type {@code file}: replay one file (or every file of a folder) and stop; {@code folder}: watch a drop
 *     folder for new files and keep running; {@code x-search}: run the recent-search queries of {@link XSettings}
 *     against X, again and again; {@code x-stream}: X's filtered stream with those queries as its rules, and recent
 *     search to fill the gap after a disconnect
 * @param path the file or folder ({@code file} and {@code folder} only)
 * @param platform the platform of posts whose line names none
 */
public record SourceSettings(String type, Path path, Duration watchInterval, String platform, int maxTextChars, int maxLineBytes)
        implements Serializable {

    public static final String X_SEARCH = "x-search";
    public static final String X_STREAM = "x-stream";
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000;
    public static final int DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

    public SourceSettings {
        if (!"file".equals(type) && !"folder".equals(type) && !X_SEARCH.equals(type) && !X_STREAM.equals(type)) {
            throw new IllegalArgumentException("source.type must be file, folder, x-search or x-stream, was '" + type + "'");
        }
        if (!X_SEARCH.equals(type) && !X_STREAM.equals(type)) {
            Objects.requireNonNull(path, "source.path is required for source.type " + type);
        }
        if (watchInterval.isNegative() || watchInterval.isZero()) {
            throw new IllegalArgumentException("source.watch-interval must be positive");
        }
        if (platform == null || !platform.matches("[a-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("source.platform must be 1-32 lowercase letters, digits, '_' or '-', was '" + platform + "'");
        }
        if (maxTextChars < 280 || maxTextChars > 1_000_000) {
            throw new IllegalArgumentException("source.max-text-chars must be between 280 and 1000000, was " + maxTextChars);
        }
        if (maxLineBytes < 4 * maxTextChars) {
            throw new IllegalArgumentException("source.max-line-bytes must be at least 4 × source.max-text-chars ("
                    + 4L * maxTextChars + " bytes), was " + maxLineBytes);
        }
    }

    /** Whether the source runs until stopped rather than to the end of its input. */
    public boolean watching() {
        return "folder".equals(type) || fromX();
    }

    public boolean fromX() {
        return X_SEARCH.equals(type) || X_STREAM.equals(type);
    }
}
