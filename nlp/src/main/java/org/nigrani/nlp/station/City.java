package org.nigrani.nlp.station;

import java.util.List;
import java.util.Objects;

/** A city the directory covers, with the ways people write its name (Karachi, Khi, کراچی). */
public record City(String name, List<String> aliases) {
    public City {
        Objects.requireNonNull(name, "name");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
