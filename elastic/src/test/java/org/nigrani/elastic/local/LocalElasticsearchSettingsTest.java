package org.nigrani.elastic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Defaults and validation messages of the launcher settings. */
class LocalElasticsearchSettingsTest {

    private static final Path ROOT = Path.of("/tmp/project");

    @Test
    void forProjectUsesTheDefaults() {
        LocalElasticsearchSettings settings = LocalElasticsearchSettings.forProject(ROOT);

        assertThat(settings.projectRoot()).isEqualTo(ROOT);
        assertThat(settings.dataDir()).isEqualTo(ROOT.resolve(".local/es-data"));
        assertThat(settings.httpPort()).isEqualTo(9200);
        assertThat(settings.heap()).isEqualTo("512m");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.reuseRunning()).isFalse();
    }

    @Test
    void pathsAreMadeAbsoluteAndNormal() {
        LocalElasticsearchSettings settings = LocalElasticsearchSettings.forProject(Path.of("relative/../project"));

        assertThat(settings.projectRoot()).isAbsolute().isEqualTo(Path.of("project").toAbsolutePath());
    }

    @Test
    void portZeroMeansPickAFreeOne() {
        assertThat(LocalElasticsearchSettings.forProject(ROOT).withHttpPort(0).httpPort()).isZero();
        assertThat(LocalElasticsearchSettings.forProject(ROOT).withHttpPort(65535).httpPort()).isEqualTo(65535);
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withHttpPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("httpPort must be 1..65535, or 0 to pick a free port, was 65536");
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withHttpPort(-1))
                .hasMessageContaining("httpPort").hasMessageContaining("was -1");
    }

    @Test
    void acceptsHeapSizesInMegabytesAndGigabytes() {
        assertThat(LocalElasticsearchSettings.forProject(ROOT).withHeap("1g").heap()).isEqualTo("1g");
        assertThat(LocalElasticsearchSettings.forProject(ROOT).withHeap("768M").heap()).isEqualTo("768M");
    }

    @Test
    void rejectsHeapSizesTheJvmWouldNotTake() {
        for (String heap : new String[] {"512", "512mb", "0m", "1.5g", "", " 512m", "-1g"}) {
            assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withHeap(heap))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("heap must be a JVM size: digits followed by m or g, like 512m or 1g, was '"
                            + heap + "'");
        }
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withStartTimeout(Duration.ofSeconds(-5)))
                .hasMessageContaining("startTimeout must be positive");
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> new LocalElasticsearchSettings(null, ROOT, 9200, "512m", Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("projectRoot must not be null");
        assertThatThrownBy(() -> new LocalElasticsearchSettings(ROOT, null, 9200, "512m", Duration.ofSeconds(1)))
                .hasMessageStartingWith("dataDir must not be null");
        assertThatThrownBy(() -> new LocalElasticsearchSettings(ROOT, ROOT.resolve("d"), 9200, null,
                Duration.ofSeconds(1))).hasMessageStartingWith("heap must not be null");
        assertThatThrownBy(() -> new LocalElasticsearchSettings(ROOT, ROOT.resolve("d"), 9200, "512m", null))
                .hasMessageStartingWith("startTimeout must not be null");
    }

    @Test
    void rejectsTheProjectRootOrFileSystemRootAsDataDir() {
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withDataDir(ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dataDir must be a folder");
        assertThatThrownBy(() -> LocalElasticsearchSettings.forProject(ROOT).withDataDir(Path.of("/")))
                .hasMessageStartingWith("dataDir must be a folder");
    }
}
