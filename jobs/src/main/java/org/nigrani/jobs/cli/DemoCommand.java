package org.nigrani.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/monitor demo}: the whole pipeline on the embedded default, then Elasticsearch and the console stay up to
 * explore.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline on the sample stream into a local Elasticsearch (clearing what an earlier "
                + "demo indexed), print a summary, then start the console with a demo account and keep both up until "
                + "Ctrl-C.")
class DemoCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--exit", description = "Stop Elasticsearch and exit after the summary instead of starting the console and waiting for Ctrl-C.")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        RunCommand.run(config, System.out, true, !exit);
        return 0;
    }
}
