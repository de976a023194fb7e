package org.nigrani.nlp.extract;

import java.util.Objects;
import org.nigrani.nlp.station.Station;

/**
 * A police station a post names.
 *
 * @param station the station of the directory
 * @param matched the words of the post that name it, as written, from the name to the police word or the other way
 *     round ("Sohrab Goth police", "SHO Preedy", "تھانہ ہٹڑی", "SohrabGothPolice" for a hashtag)
 */
public record StationMention(Station station, String matched) {
    public StationMention {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(matched, "matched");
    }
}
