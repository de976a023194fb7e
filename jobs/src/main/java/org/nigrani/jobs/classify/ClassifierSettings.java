package org.nigrani.jobs.classify;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which model to use and from what score a post is flagged.
 *
 * @param modelDir a folder written by {@code ModelBuild}, or null for the model the build put in the jar
 * @param threshold posts scoring at or above it are flagged; 0 flags every post (benchmarks only)
 */
public record ClassifierSettings(Path modelDir, double threshold) implements Serializable {

    public static final double DEFAULT_THRESHOLD = 0.5;

    public ClassifierSettings {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("classifier.threshold must be between 0 and 1, was " + threshold);
        }
    }

    public String modelName() {
        return modelDir == null ? "classpath:bundled" : modelDir.toString();
    }
}
