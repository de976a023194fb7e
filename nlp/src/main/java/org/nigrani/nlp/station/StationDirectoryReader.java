package org.nigrani.nlp.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code stations.yaml} into a {@link StationDirectory}, naming the file and entry of any problem. */
final class StationDirectoryReader {

    private StationDirectoryReader() {}

    static StationDirectory read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new StationDirectoryException(file + ": no such file");
        } catch (IOException e) {
            throw new StationDirectoryException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new StationDirectoryException(file + ": expected a mapping with 'cities' and 'stations'");
        }
        List<City> cities = new ArrayList<>();
        for (JsonNode c : root.path("cities")) {
            cities.add(new City(c.path("name").asText(), strings(c.path("aliases"))));
        }
        List<Station> stations = new ArrayList<>();
        for (JsonNode s : root.path("stations")) {
            JsonNode h = s.path("head");
            JsonNode at = s.get("coordinates");
            stations.add(new Station(s.path("id").asText(), s.path("name").asText(), s.path("city").asText(),
                    s.path("district").asText(null), strings(s.path("aliases")),
                    new Station.Head(h.path("name").asText(null), h.path("rank").asText(), h.path("email").asText()),
                    at == null ? null : new Station.Coordinates(at.path("lat").asDouble(), at.path("lon").asDouble())));
        }
        try {
            return StationDirectory.of(cities, stations);
        } catch (StationDirectoryException e) {
            throw new StationDirectoryException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
