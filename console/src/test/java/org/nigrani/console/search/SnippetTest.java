package org.nigrani.console.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetTest {

    @Test
    void markupInTheTextIsEscapedAndOnlyOurMarksAreMarkup() {
        Snippet s = Snippet.ofFragments(List.of("<\uE000script\uE001>alert(1)</\uE000script\uE001> <img src=x onerror=alert(2)>"), 300);
        assertThat(s.html()).isEqualTo("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &lt;img src=x onerror=alert(2)&gt;");
        assertThat(s.text()).isEqualTo("<script>alert(1)</script> <img src=x onerror=alert(2)>");
        assertThat(s.segments()).filteredOn(Snippet.Segment::marked).extracting(Snippet.Segment::text).containsExactly("script", "script");
    }

    @Test
    void forgedOrUnbalancedMarkersOnlyEverMarkText() {
        Snippet s = Snippet.ofFragments(List.of("a\uE000b\uE000c\uE001\uE001d\uE000e"), 300);
        assertThat(s.html()).isEqualTo("a<mark>bc</mark>d<mark>e</mark>");
    }

    @Test
    void fragmentsAreJoinedAndCutByCharacters() {
        Snippet s = Snippet.ofFragments(List.of("one \uE000two\uE001", "three"), 300);
        assertThat(s.text()).isEqualTo("one two … three");
        String emoji = "😀".repeat(400);
        Snippet cut = Snippet.plain(emoji, 300);
        assertThat(cut.cut()).isTrue();
        assertThat(cut.text().codePointCount(0, cut.text().length())).isEqualTo(301);
        assertThat(cut.text()).endsWith("😀…");
    }
}
