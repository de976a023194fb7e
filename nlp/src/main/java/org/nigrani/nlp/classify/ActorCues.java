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

    /** The cues present, as a bit set of {@link #POLICE}, {@link #OTHER_ACTOR}, {@link #ABUSE}, {@link #DENIAL}. */
    static int cues(String[] tokens) {
        int cues = 0;
        for (String t : tokens) {
            if (t.startsWith("_")) {
                continue;
            }
            if (matches(t, POLICE_STEMS, POLICE_EXACT)) {
                cues |= POLICE;
            }
            if (matches(t, OTHER_STEMS, OTHER_EXACT)) {
                cues |= OTHER_ACTOR;
            }
            if (matches(t, ABUSE_STEMS, ABUSE_EXACT)) {
                cues |= ABUSE;
            }
            if (matches(t, DENIAL_STEMS, DENIAL_EXACT)) {
                cues |= DENIAL;
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

    private static boolean matches(String token, List<String> stems, Set<String> exact) {
        if (exact.contains(token)) {
            return true;
        }
        for (String stem : stems) {
            if (token.startsWith(stem) && (stem.length() > 3 || token.length() <= stem.length() + 1)) {
                return true;
            }
        }
        return false;
    }
}
