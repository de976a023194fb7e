package org.nigrani.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nigrani.evidence.EvidenceReport;
import org.nigrani.evidence.EvidenceSettings;
import org.nigrani.evidence.EvidenceVerifier;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.Sha256;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/monitor evidence}: what the evidence store holds. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Evidence kept at flag time: media and snapshots addressed by SHA-256, with RFC 3161 timestamps.",
        subcommands = {EvidenceCommand.Verify.class})
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
            EvidenceVerifier verifier = new EvidenceVerifier(new LocalEvidenceStore(Path.of(settings.store())),
                    settings.trustAnchors());
            EvidenceReport report = verifier.verify(hash);
            out.println("Evidence " + hash + " in " + settings.store());
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
}
