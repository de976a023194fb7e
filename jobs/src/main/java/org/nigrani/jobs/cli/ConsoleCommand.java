package org.nigrani.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.nigrani.console.ConsoleApp;
import org.nigrani.console.auth.Users;
import org.nigrani.console.store.Es;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/monitor console}: the investigators' web console over the configured Elasticsearch. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Start the investigators' web console (and the embedded Elasticsearch, if that is the one "
                + "configured), print its address, and keep it up until Ctrl-C.")
class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path root = Path.of("").toAbsolutePath();
        MonitorSettings settings = MonitorSettings.load(config, root);
        try (LocalStack stack = LocalStack.open(settings, root, out);
                RestClient client = stack.connection().openRestClient();
                ConsoleApp console = start(settings, client)) {
            if (new Users(new Es(client)).all().isEmpty()) {
                out.println("There are no accounts yet: add one with bin/monitor user add NAME --role admin");
            }
            out.printf("The console is up at %s. Press Ctrl-C to stop it.%n", console.url());
            Thread.currentThread().join();
        }
        return 0;
    }

    /** The console over {@code client} with the configured evidence store and TSA trust: the one place it is built. */
    static ConsoleApp start(MonitorSettings settings, RestClient client) {
        // Kept open as long as the process runs: the console serves from it until Ctrl-C.
        EvidenceStore evidence;
        try {
            evidence = settings.evidence().openStore();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open the evidence store " + settings.evidence().describeStore() + ": " + e, e);
        }
        return ConsoleApp.start(settings.console(), client, evidence, settings.evidence().trustAnchors());
    }
}
