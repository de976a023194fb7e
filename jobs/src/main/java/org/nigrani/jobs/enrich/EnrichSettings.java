package org.nigrani.jobs.enrich;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the station directory is.
 *
 * @param stations the {@code stations.yaml} file; on a cluster every task manager must be able to read it. A string,
 *     not a {@code Path}, because settings travel inside the job graph and {@code Path} is not serialisable
 */
public record EnrichSettings(String stations) implements Serializable {

    public static final String DEFAULT_STATIONS = "config/stations.yaml";

    public EnrichSettings {
        Objects.requireNonNull(stations, "enrich.stations");
    }

    public static EnrichSettings of(Path stations) {
        return new EnrichSettings(stations.toString());
    }

    public Path stationsPath() {
        return Path.of(stations);
    }
}
