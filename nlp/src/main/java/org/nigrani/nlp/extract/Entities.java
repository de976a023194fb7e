package org.nigrani.nlp.extract;

import java.util.List;
import java.util.Objects;

/**
 * What {@link EntityExtractor} finds in one post.
 *
 * @param stations the police stations named as such, in text order, each once
 * @param city canonical name of the city the post names; if it names none, the city of its first station; null if
 *     neither, or if it names several cities and no station
 * @param officers ranks with how many of each, most senior first; a rank named only vaguely ("cops", "police wale")
 *     is absent, since how many is unknown
 * @param officerTotal the sum of the counts
 * @param victimGroup foreigners, refugees, women, journalists, students, minorities or general
 * @param videoMentioned whether the text says the post is or carries a video (the job also looks at attached media)
 */
public record Entities(List<StationMention> stations, String city, List<OfficerCount> officers, int officerTotal,
        String victimGroup, boolean videoMentioned) {

    public Entities {
        stations = List.copyOf(stations);
        officers = List.copyOf(officers);
        Objects.requireNonNull(victimGroup, "victimGroup");
    }
}
