package org.nigrani.jobs.settings;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where posts are read from.
 *
 * @param type {@code file}: replay one file (or every file of a folder) and stop; {@code folder}: watch a drop
 *     folder for new files and keep running
 * @param platform the platform of posts whose line names none
 */
public record SourceSettings(String type, Path path, Duration watchInterval, String platform, int maxTextChars, int maxLineBytes)
        implements Serializable {

    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000;
    public static final int DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

    public SourceSettings {
        Objects.requireNonNull(path, "source.path is required");
        if (!"file".equals(type) && !"folder".equals(type)) {
            throw new IllegalArgumentException("source.type must be file or folder, was '" + type + "'");
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

    public boolean watching() {
        return "folder".equals(type);
    }
}
