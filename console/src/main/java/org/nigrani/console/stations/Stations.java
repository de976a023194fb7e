package org.nigrani.console.stations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * The station directory as the console uses it: names for ids, and the ids a wall may name. Without a directory,
 * ids stand for themselves and walls are checked for form only.
 */
public final class Stations {

    /** The directory's id form (lower-case words joined by dashes). */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private final StationDirectory directory;

    private Stations(StationDirectory directory) {
        this.directory = directory;
    }

    /** The directory in {@code file}; none when {@code file} is null. A broken file fails here, at start. */
    public static Stations load(Path file) {
        return new Stations(file == null ? null : StationDirectory.load(file));
    }

    public static Stations none() {
        return new Stations(null);
    }

    public boolean loaded() {
        return directory != null;
    }

    /** The station's name and city, or the id itself when the directory does not know it. */
    public String name(String id) {
        if (directory == null) {
            return id;
        }
        return directory.byId(id).map(s -> s.name() + ", " + s.city()).orElse(id);
    }

    /** Every station, in the directory's order; empty without a directory. */
    public List<Station> all() {
        return directory == null ? List.of() : directory.stations();
    }

    /**
     * The station ids in a comma-separated list (blank: none), each checked against the directory.
     *
     * @throws IllegalArgumentException naming the ids that are malformed or unknown
     */
    public Set<String> parseIds(String commaSeparated) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",")) {
                String id = part.strip();
                if (id.isEmpty()) {
                    continue;
                }
                if (id.length() > 100 || !ID.matcher(id).matches() || directory != null && directory.byId(id).isEmpty()) {
                    bad.add(id.length() > 100 ? id.substring(0, 100) + "…" : id);
                } else {
                    ids.add(id);
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException((directory == null ? "not station ids: " : "not in the station directory: ")
                    + String.join(", ", bad));
        }
        return ids;
    }
}
