package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.RetentionPolicy;
import org.nigrani.jobs.evidence.RetentionFixtures;

/** {@code bin/monitor evidence sweep}: its lines, its summary and its exit code. */
@ExtendWith(SharedElasticsearch.class)
class EvidenceSweepITCase {

    @TempDir
    Path dir;

    RetentionFixtures w;

    @BeforeEach
    void world() throws IOException {
        w = new RetentionFixtures(dir);
    }

    private record Run(int exit, String out) {}

    private Run sweep(LocalEvidenceStore store, boolean dryRun) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = EvidenceCommand.Sweep.run(w.client, store, RetentionPolicy.DEFAULT, RetentionFixtures.CLOCK, dryRun,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsEachRemovalAndASummary() throws Exception {
        long size = w.store.describe(w.expired).orElseThrow().size();

        Run dry = sweep(w.store, true);
        assertThat(dry.exit()).as(dry.out()).isZero();
        assertThat(dry.out()).contains("would remove " + w.expired + " " + size + " bytes  " + RetentionFixtures.EXPIRED_RULE
                + " (incident i-old, 2 posts)")
                .contains("Dry run, nothing changed. Checked 5 items: would remove 1 (" + size + " bytes), kept 4 (1 linked by no post)");
        assertThat(w.store.exists(w.expired)).isTrue();

        Run real = sweep(w.store, false);
        assertThat(real.exit()).as(real.out()).isZero();
        assertThat(real.out()).startsWith("removed " + w.expired + " " + size + " bytes  " + RetentionFixtures.EXPIRED_RULE)
                .contains("Checked 5 items: removed 1 (" + size + " bytes), kept 4 (1 linked by no post), already removed 0 "
                        + "(0 completed now), failed 0");

        Run again = sweep(w.store, false);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).doesNotContain("removed " + w.expired).contains("removed 0 (0 bytes)")
                .contains("already removed 1 (0 completed now)");
    }

    @Test
    void exitsWithOneWhenARemovalFails() throws Exception {
        Path shard = w.store.contentPath(w.expired).getParent();
        // A folder where the token should be: the store cannot delete it, as with a disk that refuses.
        Path token = shard.resolve(w.expired + ".tsr");
        Files.delete(token);
        Files.createDirectories(token.resolve("in-the-way"));

        Run run = sweep(w.store, false);

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED " + w.expired).contains("failed 1");
    }
}
