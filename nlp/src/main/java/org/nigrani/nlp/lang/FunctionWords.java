package org.nigrani.nlp.lang;


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

    // Open-addressing sets: asked once per word of every post, where a binary search showed up in profiles.
    private static final long[] CUE_HASHES = hashSet(ENGLISH_OR_URDU);
    private static final long[] FOREIGN_HASHES = hashSet(FOREIGN);

    private FunctionWords() {}

    static boolean isCue(long wordHash) {
        return contains(CUE_HASHES, wordHash);
    }

    static boolean isForeign(long wordHash) {
        return contains(FOREIGN_HASHES, wordHash);
    }

    private static long[] hashSet(String[] words) {
        long[] set = new long[Integer.highestOneBit(words.length * 4)];
        for (String word : words) {
            long h = LatinFeatures.wordHash(word) | 1; // 0 marks an empty slot
            int at = slot(set, h);
            while (set[at] != 0 && set[at] != h) {
                at = (at + 1) & (set.length - 1);
            }
            set[at] = h;
        }
        return set;
    }

    private static boolean contains(long[] set, long wordHash) {
        long h = wordHash | 1;
        int at = slot(set, h);
        while (set[at] != 0) {
            if (set[at] == h) {
                return true;
            }
            at = (at + 1) & (set.length - 1);
        }
        return false;
    }

    private static int slot(long[] set, long h) {
        return (int) (h ^ (h >>> 31)) & (set.length - 1);
    }
}
