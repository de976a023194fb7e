package org.nigrani.console.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void aSingleRangeIsCutToTheItem() {
        assertThat(ByteRange.of("bytes=5-", 10)).isEqualTo(new ByteRange(5, 9));
        assertThat(ByteRange.of("bytes=2-3", 10)).isEqualTo(new ByteRange(2, 3));
        assertThat(ByteRange.of("bytes=5-100", 10)).isEqualTo(new ByteRange(5, 9));
        assertThat(ByteRange.of("bytes=0-0", 10).length()).isEqualTo(1);
    }

    @Test
    void aRangeOutsideTheItemCannotBeMet() {
        assertThat(ByteRange.of("bytes=10-", 10)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=7-3", 10)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @Test
    void anythingElseMeansTheWholeItem() {
        assertThat(ByteRange.of(null, 10)).isNull();
        assertThat(ByteRange.of("bytes=-5", 10)).isNull();
        assertThat(ByteRange.of("bytes=0-1,4-5", 10)).isNull();
        assertThat(ByteRange.of("items=0-1", 10)).isNull();
        assertThat(ByteRange.of("bytes=9999999999999999999-", 10)).isNull();
        assertThat(ByteRange.of("bytes=a-b", 10)).isNull();
    }

    @Test
    void onlyARequestFromTheFirstByteStartsAViewing() {
        assertThat(ByteRange.startsViewing(null)).isTrue();
        assertThat(ByteRange.startsViewing(new ByteRange(0, 9))).isTrue();
        assertThat(ByteRange.startsViewing(new ByteRange(5, 9))).isFalse();
        assertThat(ByteRange.startsViewing(ByteRange.UNSATISFIABLE)).isFalse();
    }
}
