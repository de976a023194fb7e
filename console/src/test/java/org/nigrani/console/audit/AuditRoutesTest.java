package org.nigrani.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditRoutesTest {

    @Test
    void bidiControlsInAValueAreShownAsTheirJsonEscapes() {
        String dump = "{\"text\":\"call @witness\u202Egnp.exe \u2067x\u2069 \u200F\"}";
        assertThat(AuditRoutes.visibleBidiControls(dump))
                .isEqualTo("{\"text\":\"call @witness\\u202egnp.exe \\u2067x\\u2069 \\u200f\"}");
        assertThat(AuditRoutes.visibleBidiControls("{\"text\":\"پولیس نے تشدد کیا\"}")).as("other text as it is")
                .isEqualTo("{\"text\":\"پولیس نے تشدد کیا\"}");
    }
}
