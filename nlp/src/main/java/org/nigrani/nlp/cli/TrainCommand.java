package org.nigrani.nlp.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nigrani.nlp.classify.ModelBuild;
import org.nigrani.nlp.classify.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/monitor train}: trains the models from the corpus and writes them with their metadata. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the classifier from the labelled corpus; writes the models and model.json (corpus hash, parameters, dev metrics).")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = "nlp/src/main/corpus", description = "Folder of labelled *.jsonl (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--extra", paramLabel = "FILE", description = "More labelled posts in the corpus format, added to the corpus "
            + "(such as the investigators' feedback from 'feedback export'); may be repeated.")
    List<Path> extra = new ArrayList<>();

    @Option(names = "--output", defaultValue = ".local/model", description = "Where to write the models (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--iterations", defaultValue = "150", description = "Maxent training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--cutoff", defaultValue = "1", description = "Features seen fewer times are dropped (default: ${DEFAULT-VALUE}).")
    int cutoff;

    @Override
    public Integer call() throws Exception {
        Trainer.Parameters parameters = new Trainer.Parameters("MAXENT", iterations, cutoff);
        Map<String, Object> metadata;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Training").setInitialMax(ModelBuild.STEPS)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100).continuousUpdate().build()) {
            metadata = ModelBuild.build(corpus, extra, output, parameters, step -> {
                bar.setExtraMessage(" " + step);
                bar.step();
            });
        }
        System.out.printf("Models written to %s%n", output);
        System.out.printf("Use them with classifier.model-dir: %s in config/monitor.yaml, or --model-dir %s%n", output, output);
        System.out.printf("Dev split: %s%n", metadata.get("dev"));
        return 0;
    }
}
