package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.nigrani.evidence.EvidenceReport.Check;
import org.nigrani.evidence.EvidenceReport.Outcome;
import org.nigrani.evidence.EvidenceReport.Status;

/** Re-checks stored evidence from scratch: the bytes against their hash, then the timestamp token against the hash. */
public final class EvidenceVerifier {

    private final EvidenceStore store;
    private final List<X509Certificate> trustAnchors;

    /** @param trustAnchors TSA certificates or their issuers to trust; empty checks signatures but not who signed */
    public EvidenceVerifier(EvidenceStore store, List<X509Certificate> trustAnchors) {
        this.store = store;
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    public EvidenceReport verify(String sha256) throws IOException {
        Sha256.requireCanonical(sha256);
        List<Check> checks = new ArrayList<>();
        if (!store.exists(sha256)) {
            checks.add(new Check("stored", Status.FAIL, "nothing is stored under this hash"));
            checks.add(new Check("content hash", Status.SKIPPED, "nothing stored"));
            checks.add(new Check("timestamp token", Status.SKIPPED, "nothing stored"));
            skipTokenChecks(checks, "nothing stored");
            return new EvidenceReport(sha256, Outcome.MISSING, null, null, "", checks);
        }
        checks.add(new Check("stored", Status.PASS, ""));

        String actual;
        try (InputStream in = store.open(sha256)) {
            actual = Sha256.hex(in);
        }
        boolean intact = actual.equals(sha256);
        checks.add(new Check("content hash", intact ? Status.PASS : Status.FAIL,
                intact ? actual : "expected " + sha256 + ", stored file hashes to " + actual));

        // The token is checked against the name, not the current bytes: it proves when the original hash existed,
        // which is worth reporting even for a tampered file.
        Optional<byte[]> token = store.token(sha256);
        if (token.isEmpty()) {
            checks.add(new Check("timestamp token", Status.FAIL, "no token stored beside the item"));
            skipTokenChecks(checks, "no token");
            return new EvidenceReport(sha256, intact ? Outcome.UNTIMESTAMPED : Outcome.TAMPERED, actual, null, "",
                    checks);
        }
        checks.add(new Check("timestamp token", Status.PASS, token.get().length + " bytes"));
        TimestampVerdict verdict = Timestamps.verify(token.get(), sha256, trustAnchors);
        checks.add(new Check("token imprint", pass(verdict.imprintMatches()),
                verdict.imprintMatches() ? "SHA-256 " + sha256 : verdict.reason()));
        checks.add(new Check("token signature", pass(verdict.signatureValid()),
                verdict.signatureValid() ? "signed by the certificate in the token" : verdict.reason()));
        checks.add(new Check("TSA trusted", switch (verdict.trust()) {
            case TRUSTED -> Status.PASS;
            case UNTRUSTED -> Status.FAIL;
            case NOT_CHECKED -> Status.SKIPPED;
        }, switch (verdict.trust()) {
            case TRUSTED -> "TSA certificate is a trust anchor or signed by one";
            case UNTRUSTED -> verdict.reason();
            case NOT_CHECKED -> "no trust anchors configured";
        }));
        checks.add(new Check("genTime", verdict.genTime() == null ? Status.SKIPPED : Status.PASS,
                verdict.genTime() == null ? "unreadable token" : verdict.genTime() + " by " + verdict.tsaName()
                        + " serial " + verdict.serial()));

        Outcome outcome = !intact ? Outcome.TAMPERED : verdict.valid() ? Outcome.INTACT : Outcome.TIMESTAMP_INVALID;
        return new EvidenceReport(sha256, outcome, actual, verdict.genTime(), verdict.tsaName(), checks);
    }

    private static Status pass(boolean ok) {
        return ok ? Status.PASS : Status.FAIL;
    }

    private static void skipTokenChecks(List<Check> checks, String why) {
        for (String name : List.of("token imprint", "token signature", "TSA trusted", "genTime")) {
            checks.add(new Check(name, Status.SKIPPED, why));
        }
    }
}
