package org.nigrani.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.nigrani.evidence.EvidenceReport;
import org.nigrani.evidence.EvidenceSettings;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.EvidenceVerifier;
import org.nigrani.evidence.RetentionPolicy;
import org.nigrani.evidence.Sha256;
import org.nigrani.jobs.evidence.Retention;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/monitor evidence}: what the evidence store holds. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Evidence kept at flag time: media and snapshots addressed by SHA-256, with RFC 3161 timestamps.",
        subcommands = {EvidenceCommand.Verify.class, EvidenceCommand.Sweep.class})
class EvidenceCommand {

    /**
     * {@code bin/monitor evidence verify SHA256}: re-hashes the stored item and checks its timestamp token. Exit code 0
     * when intact, 1 when tampered, 2 for anything else (missing, no token, a token that proves nothing).
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that the stored item still has its hash and that its timestamp token proves when the "
                    + "hash existed. Exit code 0: intact; 1: tampered; 2: missing, untimestamped or an invalid token.")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "SHA256", description = "The item's SHA-256, 64 lower-case hex digits.")
        String sha256;

        @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
        Path config;

        @Override
        public Integer call() throws Exception {
            return run(MonitorSettings.load(config, Path.of("").toAbsolutePath()).evidence(), sha256, System.out);
        }

        static int run(EvidenceSettings settings, String sha256, PrintStream out) throws Exception {
            String hash = Sha256.requireCanonical(sha256.strip());
            EvidenceReport report;
            try (EvidenceStore store = settings.openStore()) {
                report = new EvidenceVerifier(store, settings.trustAnchors()).verify(hash);
            }
            out.println("Evidence " + hash + " in " + settings.describeStore());
            for (EvidenceReport.Check c : report.checks()) {
                out.printf("  %-7s %-16s %s%n", c.status(), c.name(), c.detail() == null ? "" : c.detail());
            }
            if (settings.tsaTrust() == null) {
                out.println("  (no evidence.tsa-trust: the token's signature shows it is unaltered, not who issued it)");
            }
            out.println("OUTCOME: " + report.outcome());
            return switch (report.outcome()) {
                case INTACT -> 0;
                case TAMPERED -> 1;
                default -> 2;
            };
        }
    }

    /**
     * {@code bin/monitor evidence sweep [--dry-run]}: removes evidence past its retention rule, one line per removal and
     * a summary. Exit code 0, or 1 when some removals failed.
     */
    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Remove stored evidence whose incidents are past their retention rule (by triage status), "
                    + "leaving a tombstone in the custody log. Run it daily. Exit code 0; 1 when some removals failed.")
    static final class Sweep implements Callable<Integer> {

        @Option(names = "--dry-run", description = "Report what would be removed; change nothing.")
        boolean dryRun;

        @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
        Path config;

        @Override
        public Integer call() throws Exception {
            Path root = Path.of("").toAbsolutePath();
            MonitorSettings settings = MonitorSettings.load(config, root);
            try (EvidenceStore store = settings.evidence().openStore();
                    LocalStack stack = LocalStack.open(settings, root, System.out);
                    RestClient client = stack.connection().openRestClient()) {
                return run(client, store, settings.evidence().retention(), Clock.systemUTC(), dryRun, System.out);
            }
        }

        static int run(RestClient client, EvidenceStore store, RetentionPolicy policy, Clock clock, boolean dryRun,
                PrintStream out) throws Exception {
            Retention.Summary s = new Retention(client, store, policy, clock).sweep(dryRun);
            String verb = dryRun ? "would remove" : "removed";
            for (Retention.Removal r : s.removed()) {
                out.printf("%s %s %,d bytes  %s (incident %s, %d posts)%n", verb, r.sha256(), r.size(), r.rule(),
                        r.incident(), r.posts());
            }
            for (Retention.Failure f : s.errors()) {
                out.printf("FAILED %s  %s%n", f.sha256(), f.reason());
            }
            out.printf("%sChecked %,d items: %s %,d (%,d bytes), kept %,d (%,d linked by no post), already removed %,d "
                    + "(%,d completed now), failed %,d%n", dryRun ? "Dry run, nothing changed. " : "", s.checked(), verb,
                    s.removed().size(), s.bytesFreed(), s.kept(), s.unlinked(), s.alreadyRemoved(), s.completed(),
                    s.errors().size());
            return s.errors().isEmpty() ? 0 : 1;
        }
    }
}
