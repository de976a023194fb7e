package org.nigrani.jobs.enrich;

import java.io.Serializable;
import java.util.List;

/**
 * What extraction found in a flagged post, in the compact form the job carries from operator to operator.
 *
 * @param stations the police stations the post names as such, in text order; empty when none resolved
 * @param city canonical city the post is about, or null
 * @param officers ranks and how many of each the post names
 * @param officerTotal how many officers the post counts in all (0 when it counts none)
 * @param victims the victims' group: foreigners, refugees, women, journalists, students, minorities or general
 * @param hasVideo the post carries a video or says it is one
 * @param videoUrl the attached video's URL, which identifies the video across re-shares; null when none is attached
 */
public record Enrichment(List<StationRef> stations, String city, List<Officers> officers, int officerTotal,
        String victims, boolean hasVideo, String videoUrl) implements Serializable {

    public Enrichment {
        stations = List.copyOf(stations);
        officers = List.copyOf(officers);
    }

    /** A resolved station: enough to index, route and display without the directory at hand. */
    public record StationRef(String id, String name, String city) implements Serializable {}

    /** How many officers of one rank the post names. */
    public record Officers(String rank, int count) implements Serializable {}
}
