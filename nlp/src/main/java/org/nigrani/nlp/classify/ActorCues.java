package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * Who is said to have done what: whether a post names the police, another authority or guard, an abusive act,
 * a denial; and, above all, which of these occur together.
 *
 * <p>Bag-of-words features cannot tell "police slapped him" from "FC men slapped him": the verb is shared by
 * positives and hard negatives alike and so learns no weight. The conjunctions "police + abuse" and
 * "other actor + abuse" carry exactly the distinction the labelling guideline draws. The word lists are short
 * stems in English, Roman Urdu and Urdu script; the model learns how much each cue is worth.
 */
public final class ActorCues implements FeatureGenerator {

    static final int POLICE = 1;
    static final int OTHER_ACTOR = 2;
    static final int ABUSE = 4;
    static final int DENIAL = 8;

    private static final List<String> POLICE_STEMS = List.of("police", "polic", "pulis", "polis", "polees", "poolis",
            "constabl", "thana", "thaana", "thane", "thaane", "thanedar", "wardi", "warden", "sipahi", "havaldar",
            "inspector", "moharrir", "mohrar", "ctd", "cops", "cop", "sho", "asi", "dsp", "ssp");
    private static final Set<String> POLICE_EXACT = Set.of("si", "sp", "ig", "igp", "dig", "pc", "hc",
            "پولیس", "پولیسں", "تھانہ", "تھانے", "تھانیدار", "تھانیداروں", "سپاہی", "سپاہیوں", "کانسٹیبل", "اہلکار", "اہلکاروں",
            "انسپکٹر", "وردی", "وارڈن", "ایس", "اے");
    private static final List<String> OTHER_STEMS = List.of("ranger", "army", "fauj", "militar", "soldier", "fia",
            "guard", "chowkidar", "nadra", "wapda", "electric", "ssgc", "sngpl", "lesco", "iesco", "excise", "custom",
            "municipal", "kmc", "patwari", "tehsildar", "bank", "airline", "impersonat", "nakli", "levies", "frontier");
    private static final Set<String> OTHER_EXACT = Set.of("fc", "cda", "lda", "kda", "pia",
            "رینجرز", "فوج", "فوجی", "گارڈ", "گارڈز", "نادرا", "واپڈا", "کسٹمز", "ایکسائز", "پٹواری", "نقلی", "لیویز");
    private static final List<String> ABUSE_STEMS = List.of("harass", "slap", "beat", "tortur", "thrash", "kick",
            "punch", "abus", "extort", "brib", "rishw", "rushw", "bhatta", "hafta", "thapp", "thapar", "tashad", "zulm",
            "zulum", "humiliat", "threat", "dhamk", "detain", "detention", "custod", "hostage", "yargham", "encounter",
            "kill", "murder", "tortured", "planted", "snatch", "loot", "molest", "grop", "stalk", "drag", "baton",
            "lathi", "firing", "extrajudicial", "rape", "illegal", "ghair", "jhoot", "jhut", "fake", "mara", "maar",
            "pita", "peeta", "chai", "pani", "paise", "paisay", "money", "rupees", "lock", "band", "uthaa", "utha");
    private static final Set<String> ABUSE_EXACT = Set.of("تشدد", "رشوت", "بھتہ", "ہراساں", "تھپڑ", "مارا", "مار", "پیٹا",
            "دھمکی", "دھمکیاں", "حراست", "حوالات", "جعلی", "مقابلہ", "مقابلے", "ظلم", "زیادتی", "بدتمیزی", "گالی", "گالیاں",
            "لوٹ", "تذلیل", "یرغمال", "غیرقانونی", "قانونی", "پیسے", "بند", "اٹھا", "اٹھایا", "ہتھکڑی");
    private static final List<String> DENIAL_STEMS = List.of("denied", "denies", "deny", "baseless", "propaganda",
            "purani", "staged", "edited", "tardeed", "misleading", "tolerance", "rumour", "rumor");
    private static final Set<String> DENIAL_EXACT = Set.of("old", "تردید", "پرانی", "پروپیگنڈا", "بےبنیاد", "بنیاد");

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        return features(cues(tokens));
    }

    /** Stems and exact words of every cue, looked up by walking each token once through a trie. */
    private static final Trie TRIE = new Trie();

    static {
        TRIE.addAll(POLICE_STEMS, POLICE_EXACT, POLICE);
        TRIE.addAll(OTHER_STEMS, OTHER_EXACT, OTHER_ACTOR);
        TRIE.addAll(ABUSE_STEMS, ABUSE_EXACT, ABUSE);
        TRIE.addAll(DENIAL_STEMS, DENIAL_EXACT, DENIAL);
    }

    /** The cues present, as a bit set of {@link #POLICE}, {@link #OTHER_ACTOR}, {@link #ABUSE}, {@link #DENIAL}. */
    static int cues(String[] tokens) {
        int cues = 0;
        for (String t : tokens) {
            if (!t.startsWith("_")) {
                cues |= TRIE.match(t);
            }
        }
        return cues;
    }

    /** The feature strings of a cue set; {@link FeatureHashes} hashes the same strings. */
    static List<String> features(int cues) {
        List<String> features = new ArrayList<>(6);
        boolean police = (cues & POLICE) != 0;
        boolean other = (cues & OTHER_ACTOR) != 0;
        boolean abuse = (cues & ABUSE) != 0;
        boolean denial = (cues & DENIAL) != 0;
        features.add("q=" + (police ? "police" : "nopolice") + (other ? "+other" : "") + (abuse ? "+abuse" : "") + (denial ? "+denial" : ""));
        if (police && abuse) {
            features.add("q=police&abuse");
        }
        if (other && abuse) {
            features.add("q=other&abuse");
        }
        if (denial) {
            features.add("q=denial");
        }
        return features;
    }

    /**
     * A character trie of stems: a stem of four letters or more matches any word it starts; a shorter one ("cop",
     * "sho") only the word itself or the word and one more letter ("cops"), so that "shop" is not the police.
     */
    private static final class Trie {
        // Latin letters index an array (no boxing on the hot path); Urdu letters go through a map.
        private final Trie[] ascii = new Trie[128];
        private final Map<Character, Trie> others = new java.util.HashMap<>();
        private int stemCues;
        private int shortStemCues;
        private int exactCues;

        void addAll(List<String> stems, Set<String> exact, int cue) {
            stems.forEach(stem -> node(stem).markStem(stem.length() > 3 ? cue : 0, stem.length() > 3 ? 0 : cue));
            exact.forEach(word -> node(word).exactCues |= cue);
        }

        private void markStem(int cues, int shortCues) {
            stemCues |= cues;
            shortStemCues |= shortCues;
        }

        private Trie node(String word) {
            Trie n = this;
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c < 128) {
                    if (n.ascii[c] == null) {
                        n.ascii[c] = new Trie();
                    }
                    n = n.ascii[c];
                } else {
                    n = n.others.computeIfAbsent(c, k -> new Trie());
                }
            }
            return n;
        }

        int match(String token) {
            int cues = 0;
            Trie n = this;
            for (int i = 0; i < token.length() && n != null; i++) {
                char c = token.charAt(i);
                n = c < 128 ? n.ascii[c] : n.others.get(c);
                if (n != null) {
                    cues |= n.stemCues;
                    if (token.length() <= i + 2) {
                        cues |= n.shortStemCues;
                    }
                    if (i == token.length() - 1) {
                        cues |= n.exactCues;
                    }
                }
            }
            return cues;
        }
    }
}
