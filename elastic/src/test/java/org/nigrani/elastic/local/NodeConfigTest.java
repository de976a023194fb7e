package org.nigrani.elastic.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-instance folders, elasticsearch.yml and launch environment. */
class NodeConfigTest {

    @TempDir
    Path root;

    @Test
    void eachInstanceGetsItsOwnConfigFolderBesideItsData() throws IOException {
        LocalElasticsearchSettings settings = LocalElasticsearchSettings.forProject(root)
                .withDataDir(root.resolve(".local/test-es/abc/data"));
        InstanceLayout layout = InstanceLayout.inProject(settings);
        Files.createDirectories(layout.home().resolve("config/jvm.options.d"));
        Files.writeString(layout.home().resolve("config/jvm.options"), "-XX:+UseG1GC\n");
        Files.writeString(layout.home().resolve("config/elasticsearch.yml"), "# the distribution's\n");

        NodeConfig.write(layout, 9201, 9301);

        assertThat(layout.confDir()).isEqualTo(root.resolve(".local/test-es/abc/data.conf"));
        assertThat(layout.logsDir()).isEqualTo(root.resolve(".local/test-es/abc/data.logs"));
        assertThat(layout.confDir().resolve("jvm.options")).hasContent("-XX:+UseG1GC");
        assertThat(layout.confDir().resolve("jvm.options.d")).isDirectory();
        assertThat(layout.confDir().resolve("elasticsearch.yml")).content()
                .contains("cluster.name: nigrani-local\n")
                .contains("node.name: nigrani-data\n")
                .contains("discovery.type: single-node\n")
                .contains("network.host: 127.0.0.1\n")
                .contains("http.port: 9201\n")
                .contains("transport.port: 9301\n")
                .contains("path.data: \"" + layout.dataDir() + "\"\n")
                .contains("path.logs: \"" + layout.logsDir() + "\"\n")
                .contains("xpack.security.enabled: false\n")
                .contains("cluster.routing.allocation.disk.threshold_enabled: false\n")
                .contains("action.destructive_requires_name: false\n")
                .doesNotContain("the distribution's");
    }

    @Test
    void heapAndConfigFolderReachTheLauncherThroughItsEnvironment() {
        InstanceLayout layout = InstanceLayout.inProject(LocalElasticsearchSettings.forProject(root));

        assertThat(NodeConfig.environment(layout, "1g", Path.of("/jdk")))
                .containsEntry("ES_JAVA_HOME", "/jdk")
                .containsEntry("ES_PATH_CONF", root.resolve(".local/es-data.conf").toString())
                .containsEntry("ES_JAVA_OPTS", "-Xms1g -Xmx1g");
    }

    @Test
    void aRelocatedLayoutKeepsTheDataDirRelativeToTheProject() {
        LocalElasticsearchSettings settings = LocalElasticsearchSettings.forProject(root);

        InstanceLayout relocated = InstanceLayout.relocated(settings);

        assertThat(relocated.isRelocated()).isTrue();
        assertThat(relocated.home().getParent().getParent()).isEqualTo(InstanceLayout.RELOCATION_BASE);
        assertThat(relocated.dataDir()).isEqualTo(relocated.home().resolveSibling(".local/es-data"));
        assertThat(InstanceLayout.relocated(settings)).as("stable from run to run").isEqualTo(relocated);
    }

    @Test
    void javaHomeIsAJdk17() {
        Path javaHome = NodeConfig.javaHome();

        assertThat(javaHome.resolve("bin/java")).isExecutable();
        assertThat(javaHome.resolve("release")).content().contains("JAVA_VERSION=\"17");
    }
}
