package org.nigrani.jobs.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.feedback.FeedbackCorpus;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/monitor feedback}: the investigators' corrections from the console, as training data. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "The investigators' feedback on flagged posts (not misconduct, wrong category, wrong station).",
        subcommands = {FeedbackCommand.Export.class})
class FeedbackCommand {

    /** {@code bin/monitor feedback export --out FILE}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the feedback as labelled posts in the corpus format (JSON Lines, split train), "
                    + "for: bin/monitor train --extra FILE")
    static final class Export implements Callable<Integer> {

        @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON Lines file to write (replaced).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path root = Path.of("").toAbsolutePath();
            MonitorSettings settings = MonitorSettings.load(config, root);
            FeedbackCorpus.Result result;
            try (LocalStack stack = LocalStack.open(settings, root, System.out);
                    RestClient client = stack.connection().openRestClient();
                    Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                result = FeedbackCorpus.export(client, writer);
            }
            System.out.printf("Wrote %,d labelled posts from %,d pieces of feedback to %s%n", result.lines(), result.feedback(), out);
            System.out.printf("Train with them: bin/monitor train --extra %s%n", out);
            return 0;
        }
    }
}
