package org.nigrani.nlp.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nigrani.nlp.station.StationDirectory;

/** The directory the project ships, {@code config/stations.yaml}, found from {@code nigrani.root} or the working folder. */
final class ShippedDirectory {

    private static StationDirectory directory;

    private ShippedDirectory() {}

    static synchronized StationDirectory get() {
        if (directory == null) {
            directory = StationDirectory.load(file());
        }
        return directory;
    }

    static Path file() {
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
        throw new IllegalStateException("config/stations.yaml not found: set -Dnigrani.root or run from the project");
    }
}
