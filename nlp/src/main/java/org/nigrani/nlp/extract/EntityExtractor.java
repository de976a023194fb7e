package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Finds in one post the police stations, the city, the officers by rank and how many, the victims' group and
 * whether the post says it carries a video; in English, Roman Urdu and Urdu script, mixed as posts mix them.
 *
 * <p>One pass cuts the post into words ({@link Tokens}); the parts then look only at the words: stations through
 * {@link StationResolver}, officers through {@link OfficerFinder}, groups and video through word lists.
 *
 * <p>Victims' group, as the labelling guideline defines it: refugees (Afghan refugees, PoR and ACC holders, Afghan
 * families), foreigners (other foreign nationals, "documented foreigners"), minorities (religious and ethnic
 * minorities, transgender people), journalists, students, women; general for everyone else. When a post names
 * several, the first of that order wins: an Afghan woman is counted with refugees, a Christian student with
 * minorities, a female reporter with journalists. Words for policewomen ("lady constable", "خاتون اہلکار") and for
 * talking to the press ("told reporters") do not count.
 *
 * <p>Officers: see {@link OfficerFinder}; {@link Entities#officerTotal()} sums the counts, so only officers whose
 * number the post gives, or who are named in the singular, are in it. Video: see {@link VideoCues}.
 *
 * <p>Immutable and thread-safe after construction. About 28 µs for a 280-character post on one thread (36,000 posts
 * a second; {@code ExtractionSpeed} in the tests measures it).
 */
public final class EntityExtractor {

    public static final String REFUGEES = "refugees";
    public static final String FOREIGNERS = "foreigners";
    public static final String MINORITIES = "minorities";
    public static final String JOURNALISTS = "journalists";
    public static final String STUDENTS = "students";
    public static final String WOMEN = "women";
    public static final String GENERAL = "general";

    /** The groups in the order that decides between them, and the words that name each. */
    private static final List<String> GROUPS = List.of(REFUGEES, FOREIGNERS, MINORITIES, JOURNALISTS, STUDENTS, WOMEN);
    private static final List<List<String>> GROUP_WORDS = List.of(
            List.of("afghan", "afghans", "afghani", "afghanis", "afghanistani", "refugee", "refugees", "muhajireen", "mohajireen",
                    "muhajirin", "afghan muhajir", "panah guzin", "panah gazeen", "PoR", "PoR card", "proof of registration",
                    "ACC holder", "ACC holders", "ACC card", "ACC cards", "afghan citizen card", "افغان", "افغانی", "افغانیوں",
                    "افغانوں", "مہاجرین", "افغان مہاجر", "پناہ گزین", "پناہ گزینوں", "پی او آر"),
            List.of("foreigner", "foreigners", "foreign national", "foreign nationals", "foreign tourist", "foreign tourists",
                    "foreign student", "foreign students", "documented foreigners", "chinese national", "chinese nationals",
                    "chinese", "nigerian", "nigerians", "iranian", "iranians", "sri lankan", "uzbek", "tajik", "turkmen",
                    "british national", "american national", "visa holder", "visa holders", "ghair mulki", "ghairmulki",
                    "ghair mulkiyon", "ghair mulkion", "غیر ملکی", "غیرملکی", "غیر ملکیوں", "چینی شہری", "چینی باشندے", "ایرانی",
                    "نائجیرین"),
            List.of("hindu", "hindus", "christian", "christians", "masihi", "maseehi", "masihiyon", "isai", "esai", "isaai",
                    "ahmadi", "ahmadis", "ahmedi", "ahmedis", "qadiani", "qadianis", "sikh", "sikhs", "parsi", "parsis", "hazara",
                    "hazaras", "minority", "minorities", "aqliyat", "aqliyati", "aqliyaton", "khwaja sira", "khawaja sira",
                    "khwajasira", "khwaja saraon", "khawaja saraon", "khusra", "khusre", "transgender", "transgenders",
                    "trans woman", "trans women", "trans person", "trans activists", "hijra", "hijras", "ہندو", "ہندوؤں", "مسیحی",
                    "مسیحیوں", "عیسائی", "عیسائیوں", "کرسچن", "احمدی", "احمدیوں", "قادیانی", "سکھ", "ہزارہ", "اقلیت", "اقلیتی",
                    "اقلیتوں", "خواجہ سرا", "خواجہ سراؤں", "ٹرانس جینڈر"),
            List.of("journalist", "journalists", "journo", "journos", "reporter", "reporters", "cameraman", "cameramen",
                    "camera man", "photojournalist", "photojournalists", "press photographer", "media person", "media persons",
                    "media worker", "media workers", "sahafi", "sahafiyon", "sahafion", "sahafio", "sahaafi", "صحافی", "صحافیوں",
                    "رپورٹر", "رپورٹرز", "کیمرہ مین", "اخبار نویس"),
            List.of("student", "students", "university student", "talib ilm", "talib e ilm", "talib-e-ilm", "talba", "talaba",
                    "tulaba", "schoolboy", "schoolgirl", "school boy", "school girl", "schoolboys", "schoolgirls", "college boy",
                    "طالب علم", "طالبعلم", "طلبہ", "طلباء", "طالبات", "طالبہ"),
            List.of("woman", "women", "girl", "girls", "lady", "ladies", "female", "females", "aurat", "auraton", "aurton",
                    "aurtein", "khatoon", "khatun", "khawateen", "khwateen", "khawatin", "larki", "larkiyan", "larkiyon", "larkion",
                    "ladki", "ladkiyan", "ladkiyon", "widow", "bewa", "خاتون", "خواتین", "عورت", "عورتوں", "عورتیں", "لڑکی",
                    "لڑکیوں", "لڑکیاں", "بیوہ"));
    /** Where those words do not name the victims: policewomen, a place's name, speaking to the press. */
    private static final List<String> GROUP_EXCEPTIONS = List.of("hazara motorway", "hazara division", "hazara university",
            "hazara express", "ہزارہ موٹروے", "ہزارہ ڈویژن",
            "told reporters", "told journalists", "told the reporters", "told the media", "said to reporters", "talking to reporters",
            "talking to journalists", "speaking to reporters", "speaking to journalists", "sahafiyon se baat",
            "sahafiyon se guftagu", "صحافیوں سے گفتگو", "صحافیوں سے بات",
            "women police", "woman police", "lady police", "female police", "ladies police", "lady constable", "female constable",
            "lady constables", "female constables", "women constables", "lady cop", "female cop", "lady cops", "female cops",
            "female officer", "lady officer", "female officers", "women officers", "lady sub inspector", "lady inspector",
            "female inspector", "lady asi", "women police station", "خاتون پولیس", "خواتین پولیس", "لیڈی کانسٹیبل", "لیڈی پولیس",
            "خاتون کانسٹیبل", "خاتون اہلکار", "خواتین اہلکار", "خاتون افسر");

    private final StationResolver stations;
    private final OfficerFinder officers = new OfficerFinder();
    private final PhraseSet groups = PhraseSet.tagged(GROUP_WORDS, GROUP_EXCEPTIONS);
    private final VideoCues video = new VideoCues();

    public EntityExtractor(StationDirectory directory) {
        this.stations = new StationResolver(directory);
    }

    public Entities extract(String text) {
        Tokens t = Tokens.of(text);
        StationResolver.Analysis a = stations.analyse(t);
        String city = a.cities().size() == 1 ? a.cities().get(0)
                : a.stations().isEmpty() ? null : a.stations().get(0).station().city();
        Map<String, Integer> counts = officers.find(t);
        List<OfficerCount> officerCounts = new ArrayList<>(counts.size());
        int total = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            officerCounts.add(new OfficerCount(e.getKey(), e.getValue()));
            total += e.getValue();
        }
        return new Entities(a.stations(), city, officerCounts, total, victimGroup(t), video.foundIn(t));
    }

    private String victimGroup(Tokens t) {
        int found = groups.tags(t);
        return found == 0 ? GENERAL : GROUPS.get(Integer.numberOfTrailingZeros(found));
    }
}
