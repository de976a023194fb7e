package org.nigrani.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.nigrani.nlp.classify.Corpus;
import org.nigrani.nlp.classify.LabelledPost;

/** A fixed, deterministic set of full-length (about 280-character) posts built from the labelled corpus. */
final class BenchmarkPosts {

    /** The length of a full X post; corpus posts are shorter, and the speed target is stated for full ones. */
    static final int LENGTH = 280;
    /** A power of two, so cycling through the posts is a mask, not a division, inside the measured loop. */
    static final int COUNT = 1024;
    /** Cutting at a word boundary may shorten a post, but never below this. */
    private static final int MIN_LENGTH = 250;
    private static final long SEED = 20261126L;

    private BenchmarkPosts() {
    }

    /** Builds {@link #COUNT} posts from the corpus under the project root. */
    static String[] build() {
        List<LabelledPost> corpus = new ArrayList<>(Corpus.read(corpusDir()).posts());
        // a seeded shuffle keeps the corpus's language and label mix in every stretch of posts, run after run
        Collections.shuffle(corpus, new Random(SEED));
        Map<String, StringBuilder> open = new LinkedHashMap<>();
        List<String> posts = new ArrayList<>(COUNT);
        for (int i = 0; posts.size() < COUNT; i++) {
            if (i == corpus.size()) {
                throw new IllegalStateException("the corpus holds too little text for " + COUNT + " posts of " + LENGTH + " characters");
            }
            LabelledPost post = corpus.get(i);
            // short posts are joined only with posts of the same language and label, so a post stays in one language
            // and the set keeps the corpus's share of misconduct posts (which decides how often the category model runs)
            StringBuilder text = open.computeIfAbsent(post.lang() + ' ' + post.label(), k -> new StringBuilder(2 * LENGTH));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(post.text());
            if (text.length() >= LENGTH) {
                posts.add(cut(text));
                text.setLength(0);
            }
        }
        return posts.toArray(String[]::new);
    }

    /** The text cut to at most {@link #LENGTH} characters, at a space where one is near the end. */
    private static String cut(CharSequence text) {
        if (text.length() == LENGTH) {
            return text.toString().strip();
        }
        int end = LENGTH;
        while (end > MIN_LENGTH && !Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        if (end == MIN_LENGTH) {
            end = LENGTH;
        }
        // never split an emoji's surrogate pair
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.subSequence(0, end).toString().strip();
    }

    /** A one-line description of the set: count, mean length, posts per language. */
    static String describe(String[] posts, Map<String, Integer> byLanguage) {
        long chars = 0;
        for (String p : posts) {
            chars += p.length();
        }
        return String.format("%d posts, mean %.0f characters, by detected language %s",
                posts.length, (double) chars / posts.length, new TreeMap<>(byLanguage));
    }

    /** The corpus folder: under system property nigrani.root, else the working directory or one of its parents. */
    static Path corpusDir() {
        Path corpus = Path.of("nlp", "src", "main", "corpus");
        String root = System.getProperty("nigrani.root");
        if (root != null) {
            return Path.of(root).resolve(corpus);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(corpus))) {
                return dir.resolve(corpus);
            }
        }
        throw new IllegalStateException("corpus folder " + corpus + " not found: run from the project root or set -Dnigrani.root");
    }
}
