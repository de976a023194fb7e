package org.nigrani.nlp.extract;

import java.util.Objects;

/**
 * How many officers of one rank a post names.
 *
 * @param rank canonical rank: IG, DIG, SSP, SP, DSP, SHO, inspector, sub-inspector, ASI, head constable, constable
 *     (policemen, cops, police wale, sipahi, اہلکار count as constable)
 * @param count at least 1: the number given, or 1 for a rank named in the singular without one ("the SHO")
 */
public record OfficerCount(String rank, int count) {
    public OfficerCount {
        Objects.requireNonNull(rank, "rank");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
    }
}
