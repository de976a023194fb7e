package org.nigrani.nlp.station;

import java.util.List;
import java.util.Objects;

/**
 * One police station of the directory in {@code config/stations.yaml}.
 *
 * @param id stable identifier, lower case, used in documents and alert routing (for example {@code khi-site-super-highway})
 * @param name canonical short English name, as investigators write it ({@code SITE Super Highway})
 * @param city one of the directory's cities, by canonical name
 * @param aliases other ways people write the station, in English, Roman Urdu and Urdu script; an alias may carry a
 *     police word ({@code Super Highway thana}) or not ({@code Super Highway})
 * @param head who receives alerts about the station
 * @param coordinates where the station is, or {@code null} when not known
 */
public record Station(String id, String name, String city, String district, List<String> aliases, Head head,
        Coordinates coordinates) {

    public Station {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(head, "head");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** The station's head: the person (by role) alerts go to. */
    public record Head(String name, String rank, String email) {
        public Head {
            Objects.requireNonNull(rank, "rank");
            Objects.requireNonNull(email, "email");
        }
    }

    public record Coordinates(double lat, double lon) {
        public Coordinates {
            if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                throw new IllegalArgumentException("coordinates out of range: " + lat + ", " + lon);
            }
        }
    }
}
