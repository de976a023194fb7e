package org.nigrani.nlp.lang;

import java.util.Arrays;

/**
 * Short, frequent words that mark a Latin-script post as English, Roman Urdu, or some other language.
 *
 * <p>The model learns English and Roman Urdu from the corpus; these lists only back the "other" decision, for which
 * the corpus has no examples. Foreign words that are also English or Roman Urdu words, or common in our posts ("le",
 * "die", "van", "di", "des", "per", "ya", "der", "das", "para", "maar", "kami", "dari", and "por" and "com" from PoR
 * cards and example.com) are left out on purpose: Roman Urdu "le gaye" must not look French.
 */
final class FunctionWords {

    private static final String[] ENGLISH_OR_URDU = {
        "the", "is", "was", "are", "were", "and", "of", "to", "in", "with", "this", "that", "for", "on", "it",
        "have", "has", "been", "they", "their", "he", "she", "his", "her", "we", "you", "not", "what", "why",
        "from", "by", "at", "an", "will", "would", "should", "there", "who", "which", "my", "me", "our",
        "hai", "hain", "ka", "ki", "ke", "ko", "ne", "se", "mein", "main", "nahi", "nahin", "aur", "bhi", "kya",
        "kia", "ye", "yeh", "wo", "woh", "tha", "thi", "par", "pe", "ho", "hua", "hui", "gaya", "gayi", "kar",
        "raha", "rahe", "rahi", "jo", "koi", "kuch", "sab", "ab", "tak", "liye", "wala", "wale", "wali", "hum",
        "tum", "aap", "apne", "apni", "unho", "unhon", "phir", "kyun", "kaise", "abhi", "bohat", "bahut"
    };

    private static final String[] FOREIGN = {
        // Spanish
        "el", "los", "las", "que", "una", "del", "con", "pero", "muy", "como", "está", "esta",
        "también", "porque", "cuando", "sobre", "fue", "sus", "más", "policía", "ayer",
        // French
        "les", "est", "une", "et", "dans", "pour", "sur", "avec", "qui", "je", "nous", "vous", "il", "elle",
        "mais", "du", "au", "aux", "ce", "cette", "sont", "ont", "été", "très", "être", "leur",
        // German
        "und", "ist", "nicht", "mit", "ein", "eine", "ich", "auf", "für", "sich", "auch", "wir",
        "sie", "wird", "sind", "oder", "dem", "zu", "heute", "zwei", "gestern", "wieder",
        // Indonesian / Malay
        "yang", "dan", "ini", "itu", "tidak", "dengan", "untuk", "saya", "akan",
        "sudah", "bisa", "juga", "tapi", "atau", "karena", "mereka", "telah", "oleh",
        // Portuguese
        "não", "você", "muito", "mas", "isso", "foi", "são", "pelo", "pela", "também", "uma",
        // Italian
        "che", "della", "sono", "gli", "nel", "questo", "anche", "molto", "perché", "degli",
        // Turkish
        "ve", "bir", "için", "değil", "çok", "ama", "ile", "daha",
        // Dutch
        "het", "een", "niet", "zijn", "ook", "wat"
    };

    private static final long[] CUE_HASHES = sortedHashes(ENGLISH_OR_URDU);
    private static final long[] FOREIGN_HASHES = sortedHashes(FOREIGN);

    private FunctionWords() {}

    static boolean isCue(long wordHash) {
        return Arrays.binarySearch(CUE_HASHES, wordHash) >= 0;
    }

    static boolean isForeign(long wordHash) {
        return Arrays.binarySearch(FOREIGN_HASHES, wordHash) >= 0;
    }

    private static long[] sortedHashes(String[] words) {
        return Arrays.stream(words).mapToLong(LatinFeatures::wordHash).distinct().sorted().toArray();
    }
}
