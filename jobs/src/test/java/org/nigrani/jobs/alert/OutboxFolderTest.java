package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.alert.AlertFixtures.*;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.jobs.incident.Incident;

class OutboxFolderTest {

    @TempDir
    Path dir;

    @Test
    void writesParseableEmlAndOverwritesOnRetry() throws Exception {
        AlertEmail email = new AlertEmail(SETTINGS, CLOCK);
        Incident inc = incident("Police beat a man", List.of(SUPER_HIGHWAY), 2);
        OutboxFolder outbox = new OutboxFolder(dir.resolve("outbox"));
        MimeMessage m = email.render(alert(inc, "sho@police.example", 3));
        outbox.send(m);
        outbox.send(email.render(alert(inc, "sho@police.example", 3)));

        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getFileName().toString()).endsWith(".eml").doesNotContain("<", ">", "/");
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(parsed.getMessageID()).isEqualTo(m.getMessageID());
            assertThat(AlertEmailTest.text(parsed)).contains(inc.state().id());
        }

        outbox.send(email.render(alert(inc, "sho@police.example", 4)));
        try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void fileNamesAreSafe() {
        assertThat(OutboxFolder.fileName("<../../etc/passwd@x>")).doesNotContain("/").doesNotStartWith(".").endsWith(".eml");
        assertThat(OutboxFolder.fileName("<" + "a".repeat(400) + "@x>").length()).isLessThan(160);
    }
}
