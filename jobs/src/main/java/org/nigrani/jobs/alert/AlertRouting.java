package org.nigrani.jobs.alert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nigrani.jobs.enrich.Enrichment;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Who the alerts about an incident go to.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Each station the incident names that the directory knows gets its head as a recipient (name and email from
 *       the directory's {@code head}, the station's id as {@code stationId}). Several stations give several heads, in
 *       the incident's order, each once.</li>
 *   <li>When no station resolves (none named, or none in the directory) the alert goes to the internal-affairs
 *       desk.</li>
 *   <li>Conflict of interest (only when {@code conflictToInternalAffairs}): the head of a station must not receive
 *       an allegation against himself or against his superiors. When the incident's officers (ranks as
 *       {@code OfficerFinder} names them) include the head's own rank (for example {@code SHO}) or any rank senior
 *       to it, or any rank senior to a station ({@code DSP}, {@code SP}, {@code SSP}, {@code DIG}, {@code IG}),
 *       every station's alert goes to internal affairs instead. Internal affairs is listed once however many
 *       stations conflict. Ranks junior to the head ({@code inspector}, {@code sub-inspector}, {@code ASI},
 *       {@code head constable}, {@code constable}) do not conflict: the head is who should act on them. Ranks are
 *       compared ignoring case.</li>
 * </ol>
 * The conflict is judged per station from the head's rank, so a directory whose head ranks differ (an inspector
 * heading a post) routes correctly. Plain Java, immutable and thread-safe.
 */
public final class AlertRouting {

    /** Police ranks, most senior first: the canonical names {@code OfficerFinder} produces. */
    static final List<String> RANKS = List.of("IG", "DIG", "SSP", "SP", "DSP", "SHO", "inspector", "sub-inspector", "ASI",
            "head constable", "constable");

    /** Ranks above any station's head: naming one always conflicts. */
    static final Set<String> ABOVE_STATION = Set.of("ig", "dig", "ssp", "sp", "dsp");

    private final StationDirectory directory;
    private final Recipient internalAffairs;
    private final boolean conflictToInternalAffairs;

    public AlertRouting(StationDirectory directory, Recipient internalAffairs, boolean conflictToInternalAffairs) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.internalAffairs = Objects.requireNonNull(internalAffairs, "internalAffairs");
        this.conflictToInternalAffairs = conflictToInternalAffairs;
    }

    /** The recipients of the alerts about {@code incident}: never empty, no duplicates. */
    public List<Recipient> recipients(IncidentState incident) {
        LinkedHashSet<Recipient> out = new LinkedHashSet<>();
        Set<String> seenStations = new LinkedHashSet<>();
        for (Enrichment.StationRef ref : incident.stations()) {
            if (ref == null || ref.id() == null || !seenStations.add(ref.id())) {
                continue;
            }
            Optional<Station> station = directory.byId(ref.id());
            if (station.isEmpty()) {
                continue;
            }
            Station s = station.get();
            if (conflictToInternalAffairs && conflicts(s.head().rank(), incident.officers())) {
                out.add(internalAffairs);
            } else {
                out.add(head(s));
            }
        }
        if (out.isEmpty()) {
            out.add(internalAffairs);
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /** Whether an allegation naming {@code officers} is against a head of rank {@code headRank} or his superiors. */
    static boolean conflicts(String headRank, Map<String, Integer> officers) {
        String head = headRank.toLowerCase(Locale.ROOT).trim();
        int headLevel = level(head);
        for (Map.Entry<String, Integer> o : officers.entrySet()) {
            if (o.getKey() == null || o.getValue() == null || o.getValue() <= 0) {
                continue;
            }
            String rank = o.getKey().toLowerCase(Locale.ROOT).trim();
            if (rank.equals(head) || ABOVE_STATION.contains(rank)) {
                return true;
            }
            int level = level(rank);
            if (headLevel >= 0 && level >= 0 && level < headLevel) {
                return true;
            }
        }
        return false;
    }

    private static int level(String lowerRank) {
        for (int i = 0; i < RANKS.size(); i++) {
            if (RANKS.get(i).toLowerCase(Locale.ROOT).equals(lowerRank)) {
                return i;
            }
        }
        return -1;
    }

    private static Recipient head(Station s) {
        Station.Head h = s.head();
        String name = h.name() != null && !h.name().isBlank() ? h.name() : h.rank() + " " + s.name();
        return new Recipient(name, h.email(), s.id());
    }
}
