package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoAccountTest {

    @Test
    void passwordsAreLongRandomAndEasyToReadOffATerminal() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String p = DemoAccount.newPassword();
            assertThat(p).matches("[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}").doesNotContain("0", "O", "1", "l", "I");
            assertThat(p.length()).isGreaterThanOrEqualTo(12);
            seen.add(p);
        }
        assertThat(seen).hasSize(200);
    }
}
