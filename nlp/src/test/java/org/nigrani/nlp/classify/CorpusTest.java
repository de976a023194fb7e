package org.nigrani.nlp.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The corpus is a product asset: these are the rules it must keep as it grows. */
class CorpusTest {

    static final double NEAR_DUPLICATE = 0.8;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private final Corpus corpus = Corpus.read(Path.of("src/main/corpus"));

    @Test
    void hasEnoughPostsWithTheAgreedBalance() {
        List<LabelledPost> posts = corpus.posts();
        assertThat(posts).hasSizeGreaterThanOrEqualTo(4000);
        double positive = posts.stream().filter(LabelledPost::positive).count() / (double) posts.size();
        assertThat(positive).as("share of police_misconduct").isBetween(0.35, 0.50);
        for (String lang : List.of("en", "ur-Latn", "ur", "mixed")) {
            assertThat(posts.stream().filter(p -> lang.equals(p.lang())).count()).as(lang).isGreaterThan(200);
        }
        for (String category : Labels.CATEGORIES) {
            assertThat(posts.stream().filter(p -> category.equals(p.category())).count()).as(category).isGreaterThan(150);
        }
        double dev = corpus.split("dev").size() / (double) posts.size();
        assertThat(dev).as("share of the dev split").isBetween(0.15, 0.25);
    }

    /** Jaccard similarity over word 3-shingles of at least 0.8 marks a near-duplicate, which inflates dev scores. */
    @Test
    void hasNoNearDuplicates() {
        List<LabelledPost> posts = corpus.posts();
        List<Set<String>> shingles = new ArrayList<>(posts.size());
        Map<String, List<Integer>> index = new HashMap<>();
        for (int i = 0; i < posts.size(); i++) {
            Set<String> s = shingles(posts.get(i).text());
            shingles.add(s);
            for (String shingle : s) {
                index.computeIfAbsent(shingle, k -> new ArrayList<>()).add(i);
            }
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            Set<Integer> candidates = new HashSet<>();
            for (String shingle : shingles.get(i)) {
                for (int j : index.get(shingle)) {
                    if (j > i) {
                        candidates.add(j);
                    }
                }
            }
            for (int j : candidates) {
                if (jaccard(shingles.get(i), shingles.get(j)) >= NEAR_DUPLICATE) {
                    pairs.add(posts.get(i).id() + " ~ " + posts.get(j).id());
                }
            }
        }
        assertThat(pairs).as("near-duplicate pairs").isEmpty();
    }

    @Test
    void theNearDuplicateCheckCatchesALightEdit() {
        Set<String> a = shingles("SHO Sohrab Goth ne mere bhai ko teen din se thane mein band rakha hai aur rishwat maang raha hai");
        Set<String> b = shingles("SHO Sohrab Goth ne mere bhai ko teen din se thane mein band rakha hai aur rishwat maang raha hai!!");
        Set<String> c = shingles("Rangers ne checkpost par gaari rok kar kaghzat check kiye aur jaane diya");
        assertThat(jaccard(a, b)).isGreaterThanOrEqualTo(NEAR_DUPLICATE);
        assertThat(jaccard(a, c)).isLessThan(0.1);
    }

    static Set<String> shingles(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        Set<String> shingles = new HashSet<>();
        if (words.size() < 3) {
            shingles.add(String.join(" ", words));
        }
        for (int i = 0; i + 3 <= words.size(); i++) {
            shingles.add(words.get(i) + " " + words.get(i + 1) + " " + words.get(i + 2));
        }
        return shingles;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        int common = 0;
        for (String s : a) {
            if (b.contains(s)) {
                common++;
            }
        }
        return common / (double) (a.size() + b.size() - common);
    }
}
