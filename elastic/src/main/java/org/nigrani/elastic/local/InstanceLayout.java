package org.nigrani.elastic.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The folders one Elasticsearch instance uses: the shared distribution, and its own data, config and logs.
 *
 * @param home    the unpacked distribution (ES_HOME), shared by every instance of the project
 * @param dataDir {@code path.data}
 * @param confDir ES_PATH_CONF: a per-instance copy of the distribution's config folder
 * @param logsDir {@code path.logs}; also holds the pid file, and is the server's working directory
 */
record InstanceLayout(Path home, Path dataDir, Path confDir, Path logsDir) {

    /** Where everything goes when the project folder is out of the service user's reach. */
    static final Path RELOCATION_BASE = Path.of("/var/tmp/nigrani-es");

    /** The distribution in {@code <root>/.local}, and the data dir as configured. */
    static InstanceLayout inProject(LocalElasticsearchSettings settings) {
        Path home = settings.projectRoot().resolve(".local").resolve(Distribution.NAME);
        return around(home, settings.dataDir());
    }

    /**
     * The same layout under {@code /var/tmp/nigrani-es/<hash of the project root>}, keeping the data dir's path
     * relative to the project root, so data survives from run to run there as well.
     */
    static InstanceLayout relocated(LocalElasticsearchSettings settings) {
        Path base = RELOCATION_BASE.resolve(shortHash(settings.projectRoot().toString()));
        Path dataDir = settings.dataDir().startsWith(settings.projectRoot())
                ? base.resolve(settings.projectRoot().relativize(settings.dataDir()))
                : base.resolve("external").resolve(shortHash(settings.dataDir().toString()))
                        .resolve(settings.dataDir().getFileName());
        return around(base.resolve(Distribution.NAME), dataDir);
    }

    private static InstanceLayout around(Path home, Path dataDir) {
        String name = dataDir.getFileName().toString();
        return new InstanceLayout(home, dataDir, dataDir.resolveSibling(name + ".conf"),
                dataDir.resolveSibling(name + ".logs"));
    }

    boolean isRelocated() {
        return home.startsWith(RELOCATION_BASE);
    }

    /** Written by Elasticsearch itself ({@code -p}); it deletes the file on a clean shutdown. */
    Path pidFile() {
        return logsDir.resolve("elasticsearch.pid");
    }

    /** What {@code bin/elasticsearch -d} printed: start-up errors such as an unknown setting land here. */
    Path launcherOutput() {
        return logsDir.resolve("launcher.out");
    }

    Path serverLog() {
        return logsDir.resolve(NodeConfig.CLUSTER_NAME + ".log");
    }

    Path watchdogLog() {
        return logsDir.resolve("watchdog.log");
    }

    Path launchScript() {
        return home.resolve("bin").resolve("elasticsearch");
    }

    /** The folders the service user must own. */
    List<Path> ownedByServiceUser() {
        return List.of(home, dataDir, confDir, logsDir);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
    }
}
