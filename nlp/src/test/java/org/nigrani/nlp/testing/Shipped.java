package org.nigrani.nlp.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nigrani.nlp.station.StationDirectory;

/**
 * What the project ships that tests read: {@code config/stations.yaml}, found under surefire's {@code nigrani.root},
 * else in the working folder or one of its parents (tests run in {@code nlp/}).
 */
public final class Shipped {

    private static StationDirectory directory;

    private Shipped() {}

    public static Path stationsFile() {
        String root = System.getProperty("nigrani.root");
        if (root != null && !root.isBlank() && Files.isRegularFile(Path.of(root, "config", "stations.yaml"))) {
            return Path.of(root, "config", "stations.yaml");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("stations.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/stations.yaml not found from " + Path.of("").toAbsolutePath()
                + ": set -Dnigrani.root");
    }

    /** The shipped directory, loaded once. */
    public static synchronized StationDirectory stations() {
        if (directory == null) {
            directory = StationDirectory.load(stationsFile());
        }
        return directory;
    }
}
