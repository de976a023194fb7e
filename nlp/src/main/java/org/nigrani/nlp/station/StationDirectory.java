package org.nigrani.nlp.station;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The police stations and cities alerts and extraction know about, read from {@code config/stations.yaml}.
 *
 * <p>Immutable and thread-safe. Everything is checked when loaded (see {@link StationDirectoryReader}), so code
 * that holds a directory may trust it.
 */
public final class StationDirectory {

    private final List<City> cities;
    private final List<Station> stations;
    private final Map<String, Station> byId = new LinkedHashMap<>();
    private final Map<String, City> cityByName = new LinkedHashMap<>();

    private StationDirectory(List<City> cities, List<Station> stations) {
        this.cities = List.copyOf(cities);
        this.stations = List.copyOf(stations);
        for (City c : this.cities) {
            if (cityByName.put(c.name(), c) != null) {
                throw new StationDirectoryException("city '" + c.name() + "' is listed twice");
            }
        }
        for (Station s : this.stations) {
            if (byId.put(s.id(), s) != null) {
                throw new StationDirectoryException("station id '" + s.id() + "' is used twice");
            }
            if (!cityByName.containsKey(s.city())) {
                throw new StationDirectoryException("station '" + s.id() + "': unknown city '" + s.city()
                        + "'; known cities: " + cityByName.keySet());
            }
        }
    }

    /** A directory from already-built records (tests, tools); checks ids and cities. */
    public static StationDirectory of(List<City> cities, List<Station> stations) {
        return new StationDirectory(cities, stations);
    }

    /** Reads and validates a stations YAML file. */
    public static StationDirectory load(Path file) {
        return StationDirectoryReader.read(file);
    }

    public List<Station> stations() {
        return stations;
    }

    public List<City> cities() {
        return cities;
    }

    public Optional<Station> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<City> city(String name) {
        return Optional.ofNullable(cityByName.get(name));
    }
}
