package org.nigrani.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RomanUrduFoldingTest {

    @ParameterizedTest(name = "{0} and {1} meet")
    @CsvSource({
        "maara, mara",
        "thappar, thapar",
        "qeemat, kimat",
        "keemat, qimat",
        "vardi, wardi",
        "wale, vale",
        "paisay, paise",
        "karay, kare",
        "poolis, pulis",
        "bohat, bohaat",
        "zulm, zulm",
    })
    void foldsSpellingsOfOneWordTogether(String a, String b) {
        assertThat(RomanUrduFolding.fold(a)).isEqualTo(RomanUrduFolding.fold(b));
    }

    @ParameterizedTest(name = "{0} and {1} stay apart")
    @CsvSource({
        "mara, mera",
        "thana, tana",
        "rishwat, rasta",
        "sho, shoe",
        "police, polio",
    })
    void keepsDifferentWordsApart(String a, String b) {
        assertThat(RomanUrduFolding.fold(a)).isNotEqualTo(RomanUrduFolding.fold(b));
    }

    @ParameterizedTest
    @CsvSource({"پولیس", "_url_", "2023", "a"})
    void leavesOtherTokensAlone(String token) {
        assertThat(RomanUrduFolding.fold(token)).isEqualTo(token);
    }
}
