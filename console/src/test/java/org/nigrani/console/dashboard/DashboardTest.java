package org.nigrani.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardTest {

    @Test
    void cutsTitlesWithoutSplittingACharacter() {
        assertThat(Dashboard.cut("short", 160)).isEqualTo("short");
        String emoji = "a".repeat(158) + "\uD83D\uDE00tail";
        String cut = Dashboard.cut(emoji, 160);
        assertThat(cut).hasSizeLessThanOrEqualTo(160).endsWith("…");
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
    }

    @Test
    void titlesLoseLinksAndHandles() {
        assertThat(Dashboard.masked("puri video dekho https://x.com/biryani_wali/status/1721 and www.example.org/a, ask @biryani_wali"))
                .isEqualTo("puri video dekho [link] and [link] ask @…");
        assertThat(Dashboard.masked("mail me: a@b.org")).isEqualTo("mail me: a@b.org");
    }
}
