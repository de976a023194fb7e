package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.evidence.EvidenceSettings;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.Sha256;

class EvidenceCommandTest {

    @TempDir
    Path dir;

    private String stored(Path storeDir) throws Exception {
        Path video = dir.resolve("video.mp4");
        Files.write(video, "not really a video, but evidence all the same".getBytes(StandardCharsets.UTF_8));
        String sha;
        try (InputStream in = Files.newInputStream(video)) {
            sha = Sha256.hex(in);
        }
        new LocalEvidenceStore(storeDir).put(video, sha, "video/mp4");
        return sha;
    }

    private static String run(EvidenceSettings settings, String sha, int expectedExit) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = EvidenceCommand.Verify.run(settings, sha, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void reportsEachCheckAndTheOutcomeWithItsExitCode() throws Exception {
        Path store = dir.resolve("store");
        String sha = stored(store);
        EvidenceSettings settings = new EvidenceSettings(store.toString(), null);

        String untimestamped = run(settings, sha, 2);
        assertThat(untimestamped).contains("Evidence " + sha).contains("PASS    content hash")
                .contains("OUTCOME: UNTIMESTAMPED").contains("not who issued it");

        Path file = new LocalEvidenceStore(store).contentPath(sha);
        file.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
        assertThat(run(settings, sha, 1)).contains("FAIL    content hash").contains("OUTCOME: TAMPERED");

        assertThat(run(settings, "0".repeat(64), 2)).contains("OUTCOME: MISSING");
        assertThatThrownBy(() -> run(settings, "../../etc/passwd", 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableTrustFileIsNamed() {
        EvidenceSettings settings = new EvidenceSettings(dir.toString(), dir.resolve("no-such.pem").toString());
        assertThatThrownBy(settings::trustAnchors).hasMessageContaining("evidence.tsa-trust").hasMessageContaining("no-such.pem");
    }
}
