package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.evidence.EvidenceStoreContract.randomBytes;
import static org.nigrani.evidence.EvidenceStoreContract.sha;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.evidence.EvidenceReport.Check;
import org.nigrani.evidence.EvidenceReport.Outcome;
import org.nigrani.evidence.EvidenceReport.Status;
import org.nigrani.evidence.testing.TestTsa;

class EvidenceVerifierTest {

    private static TestTsa tsa;

    @TempDir
    Path dir;

    private LocalEvidenceStore store;
    private EvidenceVerifier verifier;

    @BeforeAll
    static void startTsa() throws Exception {
        tsa = TestTsa.selfSigned("Nigrani test TSA");
    }

    @AfterAll
    static void stopTsa() {
        tsa.close();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = new LocalEvidenceStore(dir.resolve("store"));
        verifier = new EvidenceVerifier(store, List.of(tsa.certificate()));
    }

    @Test
    void storedAndTimestampedEvidenceIsIntactWithEveryCheckPassing() throws Exception {
        String sha = storeAndTimestamp(randomBytes(10_000, 11));

        EvidenceReport report = verifier.verify(sha);

        assertThat(report.outcome()).isEqualTo(Outcome.INTACT);
        assertThat(report.actualSha256()).isEqualTo(sha);
        assertThat(report.genTime()).isNotNull();
        assertThat(report.tsaName()).contains("Nigrani test TSA");
        assertThat(report.checks()).extracting(Check::name).containsExactly(
                "stored", "content hash", "timestamp token", "token imprint", "token signature", "TSA trusted",
                "genTime");
        assertThat(report.checks()).extracting(Check::status).containsOnly(Status.PASS);
    }

    @Test
    void aTamperedStoredFileIsReportedTamperedWithBothHashes() throws Exception {
        String sha = storeAndTimestamp(randomBytes(10_000, 12));
        Path file = store.contentPath(sha);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(5_000);
            int b = raw.read();
            raw.seek(5_000);
            raw.write(b ^ 0x01);
        }
        String actual = sha(Files.readAllBytes(file));

        EvidenceReport report = verifier.verify(sha);

        assertThat(report.outcome()).isEqualTo(Outcome.TAMPERED);
        assertThat(report.actualSha256()).isEqualTo(actual).isNotEqualTo(sha);
        assertThat(check(report, "content hash").status()).isEqualTo(Status.FAIL);
        assertThat(check(report, "content hash").detail()).contains(sha).contains(actual);
        // The token still proves when the original hash existed, which is what a tampering report needs.
        assertThat(check(report, "token imprint").status()).isEqualTo(Status.PASS);
        assertThat(check(report, "token signature").status()).isEqualTo(Status.PASS);
    }

    @Test
    void nothingStoredIsMissing() throws Exception {
        String sha = sha(randomBytes(100, 13));

        EvidenceReport report = verifier.verify(sha);

        assertThat(report.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(check(report, "stored").status()).isEqualTo(Status.FAIL);
        assertThat(report.checks()).hasSize(7);
    }

    @Test
    void intactBytesWithoutATokenAreUntimestamped() throws Exception {
        byte[] bytes = randomBytes(100, 14);
        String sha = sha(bytes);
        store.put(Files.write(dir.resolve("download"), bytes), sha, "image/png");

        EvidenceReport report = verifier.verify(sha);

        assertThat(report.outcome()).isEqualTo(Outcome.UNTIMESTAMPED);
        assertThat(check(report, "content hash").status()).isEqualTo(Status.PASS);
        assertThat(check(report, "timestamp token").status()).isEqualTo(Status.FAIL);
        assertThat(report.checks()).hasSize(7);
    }

    @Test
    void aTokenForAnotherHashBesideTheItemIsAnInvalidTimestamp() throws Exception {
        String other = storeAndTimestamp(randomBytes(100, 15));
        byte[] bytes = randomBytes(100, 16);
        String sha = sha(bytes);
        store.put(Files.write(dir.resolve("download-2"), bytes), sha, "image/png");
        store.putToken(sha, store.token(other).orElseThrow());

        EvidenceReport report = verifier.verify(sha);

        assertThat(report.outcome()).isEqualTo(Outcome.TIMESTAMP_INVALID);
        assertThat(check(report, "token imprint").status()).isEqualTo(Status.FAIL);
        assertThat(check(report, "token imprint").detail()).contains(other);
    }

    @Test
    void aTokenFromAnUntrustedTsaIsAnInvalidTimestamp() throws Exception {
        String sha = storeAndTimestamp(randomBytes(100, 17));
        try (TestTsa stranger = TestTsa.selfSigned("Some other TSA")) {
            EvidenceVerifier strict = new EvidenceVerifier(store, List.of(stranger.certificate()));

            EvidenceReport report = strict.verify(sha);

            assertThat(report.outcome()).isEqualTo(Outcome.TIMESTAMP_INVALID);
            assertThat(check(report, "TSA trusted").status()).isEqualTo(Status.FAIL);
            assertThat(check(report, "token signature").status()).isEqualTo(Status.PASS);
        }
    }

    private String storeAndTimestamp(byte[] bytes) throws Exception {
        String sha = sha(bytes);
        Path download = Files.write(dir.resolve("download-" + sha), bytes);
        StoredItem item = store.put(download, sha, "video/mp4");
        if (!item.alreadyPresent()) {
            store.putToken(sha, new Timestamps(tsa.url(), Duration.ofSeconds(5)).request(sha).token());
        }
        return sha;
    }

    private static Check check(EvidenceReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
