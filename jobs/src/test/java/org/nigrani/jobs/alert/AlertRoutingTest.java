package org.nigrani.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.nlp.station.City;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

class AlertRoutingTest {

    static final StationDirectory DIRECTORY = StationDirectory.of(
            List.of(new City("Karachi", List.of()), new City("Hyderabad", List.of())),
            List.of(new Station("khi-landhi", "Landhi", "Karachi", "Korangi", List.of(),
                            new Station.Head("Station House Officer Landhi", "SHO", "sho.landhi@example.org"), null),
                    new Station("hyd-hatri", "Hatri", "Hyderabad", "Hyderabad", List.of(),
                            new Station.Head(null, "SHO", "sho.hatri@example.org"), null),
                    new Station("khi-post", "Landhi Post", "Karachi", "Korangi", List.of(),
                            new Station.Head("Inspector Landhi Post", "inspector", "post@example.org"), null)));

    static final Recipient IA = new Recipient("Internal Affairs desk", "ia@example.org", null);
    static final Recipient LANDHI = new Recipient("Station House Officer Landhi", "sho.landhi@example.org", "khi-landhi");
    static final Recipient HATRI = new Recipient("SHO Hatri", "sho.hatri@example.org", "hyd-hatri");
    static final Recipient POST = new Recipient("Inspector Landhi Post", "post@example.org", "khi-post");

    static final Enrichment.StationRef R_LANDHI = new Enrichment.StationRef("khi-landhi", "Landhi", "Karachi");
    static final Enrichment.StationRef R_HATRI = new Enrichment.StationRef("hyd-hatri", "Hatri", "Hyderabad");
    static final Enrichment.StationRef R_POST = new Enrichment.StationRef("khi-post", "Landhi Post", "Karachi");
    static final Enrichment.StationRef R_UNKNOWN = new Enrichment.StationRef("lhr-nowhere", "Nowhere", "Lahore");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("one station", List.of(R_LANDHI), Map.of("constable", 3), true, List.of(LANDHI)),
                Arguments.of("two stations", List.of(R_LANDHI, R_HATRI), Map.of("constable", 1), true, List.of(LANDHI, HATRI)),
                Arguments.of("same station twice", List.of(R_LANDHI, R_LANDHI), Map.of(), true, List.of(LANDHI)),
                Arguments.of("no station → IA", List.of(), Map.of("constable", 1), true, List.of(IA)),
                Arguments.of("station not in directory → IA", List.of(R_UNKNOWN), Map.of(), true, List.of(IA)),
                Arguments.of("SHO named → IA", List.of(R_LANDHI), Map.of("SHO", 1, "constable", 2), true, List.of(IA)),
                Arguments.of("constable named → head", List.of(R_LANDHI), Map.of("constable", 1), true, List.of(LANDHI)),
                Arguments.of("ASI named → head", List.of(R_LANDHI), Map.of("ASI", 1), true, List.of(LANDHI)),
                Arguments.of("DSP named → IA", List.of(R_LANDHI), Map.of("DSP", 1), true, List.of(IA)),
                Arguments.of("IG named → IA", List.of(R_LANDHI), Map.of("IG", 1), true, List.of(IA)),
                Arguments.of("two stations conflict → IA once", List.of(R_LANDHI, R_HATRI), Map.of("SHO", 2), true, List.of(IA)),
                Arguments.of("conflict disabled → head", List.of(R_LANDHI), Map.of("SHO", 1), false, List.of(LANDHI)),
                Arguments.of("conflict disabled, DSP → head", List.of(R_LANDHI), Map.of("DSP", 1), false, List.of(LANDHI)),
                Arguments.of("inspector head, inspector named → IA", List.of(R_POST), Map.of("inspector", 1), true, List.of(IA)),
                Arguments.of("inspector head, SHO named → IA", List.of(R_POST), Map.of("SHO", 1), true, List.of(IA)),
                Arguments.of("inspector head, ASI named → head", List.of(R_POST), Map.of("ASI", 1), true, List.of(POST)),
                Arguments.of("SHO named → IA for an inspector head and an SHO head", List.of(R_POST, R_LANDHI), Map.of("SHO", 1), true,
                        List.of(IA)),
                Arguments.of("mixed: inspector named, SHO station keeps", List.of(R_LANDHI, R_POST), Map.of("inspector", 1),
                        true, List.of(LANDHI, IA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void routes(String name, List<Enrichment.StationRef> stations, Map<String, Integer> officers, boolean conflict,
            List<Recipient> expected) {
        AlertRouting routing = new AlertRouting(DIRECTORY, IA, conflict);
        assertEquals(expected, routing.recipients(AlertTestData.incident("i", stations, officers, 100, false)));
    }

    @Test
    void ranksCompareIgnoringCaseAndZeroCountsDoNotConflict() {
        assertTrue(AlertRouting.conflicts("SHO", Map.of("sho", 1)));
        assertFalse(AlertRouting.conflicts("SHO", Map.of("SHO", 0)));
        assertFalse(AlertRouting.conflicts("SHO", Map.of("head constable", 4)));
    }
}
