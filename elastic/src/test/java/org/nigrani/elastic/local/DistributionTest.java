package org.nigrani.elastic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and unpacking the distribution zip, on small fake zips. */
class DistributionTest {

    @TempDir
    Path root;

    @Test
    void aMissingZipSaysHowToGetIt() {
        assertThatThrownBy(() -> Distribution.requireZip(root))
                .isInstanceOf(LocalElasticsearchException.class)
                .hasMessageContaining(root.resolve(".local/dist/elasticsearch-8.19.21.zip").toString())
                .hasMessageContaining("mvn -pl elastic generate-resources")
                .hasMessageContaining("bin/monitor");
    }

    @Test
    void startFailsOnAMissingZipBeforeTouchingAnything() {
        assertThatThrownBy(() -> LocalElasticsearch.start(LocalElasticsearchSettings.forProject(root)))
                .isInstanceOf(LocalElasticsearchException.class)
                .hasMessageContaining("mvn -pl elastic generate-resources");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void unpacksOnceWithoutTheTopFolderAndMakesTheScriptsExecutable() throws IOException {
        Path zip = fakeDistribution();
        Path home = root.resolve(".local/" + Distribution.NAME);

        assertThat(Distribution.unpack(zip, home)).isTrue();
        assertThat(home.resolve("bin/elasticsearch")).isExecutable().hasContent("#!/bin/bash");
        assertThat(home.resolve("bin/elasticsearch-env")).isExecutable();
        assertThat(home.resolve("config/jvm.options")).hasContent("-XX:+UseG1GC");
        assertThat(Distribution.isUnpacked(home)).isTrue();

        assertThat(Distribution.unpack(zip, home)).as("second unpack").isFalse();
    }

    @Test
    void redoesAHalfFinishedUnpack() throws IOException {
        Path zip = fakeDistribution();
        Path home = root.resolve(".local/" + Distribution.NAME);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/leftover"), "from an unpack that was cut short");

        assertThat(Distribution.isUnpacked(home)).isFalse();
        assertThat(Distribution.unpack(zip, home)).isTrue();
        assertThat(home.resolve("bin/leftover")).doesNotExist();
        assertThat(home.resolve("bin/elasticsearch")).isExecutable();
    }

    @Test
    void refusesEntriesThatEscapeTheTargetFolder() throws IOException {
        Path zip = zip(Map.of(Distribution.NAME + "/bin/elasticsearch", "#!/bin/bash", "../evil", "x"));

        assertThatThrownBy(() -> Distribution.unpack(zip, root.resolve("home")))
                .isInstanceOf(IOException.class).hasMessageContaining("../evil");
        assertThat(root.resolve("evil")).doesNotExist();
    }

    private Path fakeDistribution() throws IOException {
        return zip(Map.of(
                Distribution.NAME + "/bin/elasticsearch", "#!/bin/bash",
                Distribution.NAME + "/bin/elasticsearch-env", "#!/bin/bash",
                Distribution.NAME + "/config/jvm.options", "-XX:+UseG1GC",
                Distribution.NAME + "/lib/elasticsearch.jar", "not really a jar"));
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = root.resolve("dist.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zipOut.putNextEntry(new ZipEntry(entry.getKey()));
                zipOut.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zipOut.closeEntry();
            }
        }
        return zip;
    }
}
