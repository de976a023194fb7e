package org.nigrani.nlp.lang;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.nigrani.nlp.classify.LabelledPost;
import org.nigrani.nlp.text.Normaliser;

/**
 * Tells whether a short post is English, Urdu, Roman Urdu or something else: by script first, then, for Latin text,
 * by a small model trained on the labelled corpus.
 *
 * <p>Arabic-script posts are Urdu when they carry a letter or word only Urdu uses, otherwise "other" (Arabic,
 * Persian); other non-Latin scripts are "other". Latin text is scored by {@link LatinModel} (Roman Urdu vs English)
 * and called "other" only when its words are clearly neither: foreign function words outnumber English and Urdu
 * ones, or most words were never seen in training. The stock OpenNLP langdetect model knows no Roman Urdu, is
 * unreliable on posts this short and runs at ~10,000 posts/s, hence this.
 *
 * <p>An instance is immutable after construction and safe to share between threads.
 */
public final class LanguageIdentifier {

    public static final String ENGLISH = "en";
    public static final String URDU = "ur";
    public static final String ROMAN_URDU = "ur-Latn";
    public static final String OTHER = "other";

    /** Fewer letters than this say nothing about a language ("ok", "?!", emoji). */
    static final int MIN_LETTERS = 2;
    /** An Arabic-script share at least this large is an Urdu post with some English in it, not the other way. */
    static final double URDU_SHARE = 0.25;
    /** Below this share of words seen in training, in a post of at least {@link #MIN_WORDS_UNSEEN_RULE} words, "other". */
    static final double MIN_KNOWN_SHARE = 0.5;
    /** With accented letters, a lower share of unseen words is enough. */
    static final double ACCENTED_KNOWN_SHARE = 0.75;
    static final int MIN_WORDS_UNSEEN_RULE = 5;

    /** Urdu words without an Urdu-only letter; "کی" is left out, as Arabic writes it too (كي). */
    private static final String[] URDU_WORDS = {"کا", "یہ", "وہ", "اور", "پولیس", "گیا", "کیا", "کر", "بھی", "تو"};

    private final LatinModel latin;

    LanguageIdentifier(LatinModel latin) {
        this.latin = latin;
    }

    /** Which posts teach the Latin model: only en and ur-Latn, or also mixed ones labelled by their majority. */
    enum MixedPolicy { EXCLUDE, MAJORITY }

    /** Trains on the en, ur-Latn and (by majority language) Latin mixed posts given; same input, same model. */
    public static LanguageIdentifier train(List<LabelledPost> training) {
        return train(training, MixedPolicy.MAJORITY);
    }

    static LanguageIdentifier train(List<LabelledPost> training, MixedPolicy policy) {
        LatinTrainer trainer = new LatinTrainer();
        LatinTrainer.Majority majority = new LatinTrainer.Majority();
        String[] normalised = new String[training.size()];
        for (int i = 0; i < normalised.length; i++) {
            LabelledPost post = training.get(i);
            normalised[i] = Normaliser.normalise(post.text());
            trainer.addVocabulary(normalised[i]);
            if (ENGLISH.equals(post.lang()) || ROMAN_URDU.equals(post.lang())) {
                majority.add(normalised[i], ROMAN_URDU.equals(post.lang()));
            }
        }
        for (int i = 0; i < normalised.length; i++) {
            String lang = training.get(i).lang();
            if ("mixed".equals(lang) && policy == MixedPolicy.MAJORITY) {
                ScriptProfile p = ScriptProfile.of(normalised[i]);
                lang = p.latin > p.arabic ? majority.of(normalised[i]) : null;
            }
            if (ENGLISH.equals(lang) || ROMAN_URDU.equals(lang)) {
                trainer.addExample(normalised[i], ROMAN_URDU.equals(lang) ? 1 : 0);
            }
        }
        if (trainer.size() == 0) {
            throw new IllegalArgumentException("training posts include no en or ur-Latn post");
        }
        return new LanguageIdentifier(trainer.train());
    }

    /** Identifies a raw post: "en", "ur", "ur-Latn" or "other". Null or blank text is "other". */
    public String identify(String rawText) {
        return identifyNormalised(Normaliser.normalise(rawText));
    }

    /**
     * The same for text already passed through {@link Normaliser#normalise}: callers that normalise anyway (the
     * classifier) save the second pass, about a third of the time per post.
     */
    /** Characters of a post's normalised text that the Latin model scores. */
    static final int LATIN_PREFIX = 160;

    public String identifyNormalised(String normalised) {
        ScriptProfile p = ScriptProfile.of(normalised);
        int letters = p.letters();
        if (letters < MIN_LETTERS) {
            return OTHER;
        }
        // only Arabic-script letters make an Urdu word, and without them neither test below can pass
        boolean urduScript = p.urduLetters > 0 || (p.arabic > 0 && hasUrduWord(normalised));
        if (p.arabic * 2 >= letters || (urduScript && p.arabic >= URDU_SHARE * letters)) {
            return urduScript ? URDU : OTHER;
        }
        if (p.otherScript >= p.latin) {
            return OTHER;
        }
        if (p.latin < MIN_LETTERS) {
            return OTHER;
        }
        int[] stats = new int[LatinFeatures.STATS];
        float score = latin.score(firstWords(normalised), stats);
        return looksForeign(stats) ? OTHER : score > 0 ? ROMAN_URDU : ENGLISH;
    }

    /** Enough of a long post to tell its language: scoring every word of a 280-character post costs, and adds little. */
    static String firstWords(String normalised) {
        if (normalised.length() <= LATIN_PREFIX) {
            return normalised;
        }
        int cut = normalised.lastIndexOf(' ', LATIN_PREFIX);
        return cut > 0 ? normalised.substring(0, cut) : normalised;
    }

    /** The Roman Urdu log-odds of a normalised post's Latin words, with the word counts the "other" rule uses. */
    float latinScore(String normalised, int[] stats) {
        return latin.score(normalised, stats);
    }

    /**
     * "Other" only on clear evidence, since the corpus holds no foreign posts to learn from: foreign function words
     * outnumbering English and Urdu ones, accented letters (which English and Roman Urdu posts almost never use)
     * together with many unseen words, or mostly unseen words and no English or Urdu function word at all.
     */
    static boolean looksForeign(int[] stats) {
        int words = stats[LatinFeatures.WORDS];
        int foreign = stats[LatinFeatures.FOREIGN];
        int cues = stats[LatinFeatures.CUES];
        int nonAscii = stats[LatinFeatures.NON_ASCII];
        double knownShare = stats[LatinFeatures.KNOWN] / (double) words;
        if (foreign >= 2 && foreign > cues) {
            return true;
        }
        if (nonAscii >= 1 && knownShare < ACCENTED_KNOWN_SHARE && (foreign >= 1 || nonAscii >= 2)) {
            return true;
        }
        return words >= MIN_WORDS_UNSEEN_RULE && knownShare < MIN_KNOWN_SHARE && cues == 0;
    }

    private static boolean hasUrduWord(String normalised) {
        int n = normalised.length();
        int start = 0;
        while (start < n) {
            int end = normalised.indexOf(' ', start);
            if (end < 0) {
                end = n;
            }
            if (normalised.charAt(start) >= 0x600) {
                for (String word : URDU_WORDS) {
                    if (word.length() == end - start && normalised.regionMatches(start, word, 0, word.length())) {
                        return true;
                    }
                }
            }
            start = end + 1;
        }
        return false;
    }

    /** Writes the model, gzipped; the bytes depend only on the model. */
    public void save(Path file) {
        try (OutputStream os = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os)))) {
            latin.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write language model " + file, e);
        }
    }

    public static LanguageIdentifier load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read language model " + file, e);
        }
    }

    /** Reads a model written by {@link #save}; does not close {@code in}. */
    public static LanguageIdentifier load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in)));
        return new LanguageIdentifier(LatinModel.read(data));
    }
}
