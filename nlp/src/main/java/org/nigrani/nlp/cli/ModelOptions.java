package org.nigrani.nlp.cli;

import java.nio.file.Path;
import org.nigrani.nlp.classify.MisconductClassifier;
import picocli.CommandLine.Option;

/** The options every command that classifies shares: which model, and from what score a post is flagged. */
final class ModelOptions {

    @Option(names = "--model-dir", description = "Models written by 'train' (default: the model built into the jar).")
    Path modelDir;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Flag at or above this score (default: ${DEFAULT-VALUE}).")
    double threshold;

    MisconductClassifier load() {
        return modelDir == null ? MisconductClassifier.fromClasspath(threshold) : MisconductClassifier.fromDirectory(modelDir, threshold);
    }
}
