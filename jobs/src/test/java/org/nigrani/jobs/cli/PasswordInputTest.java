package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordInputTest {

    private static InputStream stdin(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesTheFirstLineOfAPipedStandardInput() throws Exception {
        InputStream in = stdin("a long password ۔ with Urdu\r\nthe next line stays\n");
        assertThat(new String(PasswordInput.read(null, in, "sana"))).isEqualTo("a long password ۔ with Urdu");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("the next line stays\n");
        assertThat(new String(PasswordInput.read(null, stdin("no line end at all"), "sana"))).isEqualTo("no line end at all");
    }

    @Test
    void refusesAShortOrMissingPassword() {
        assertThatThrownBy(() -> PasswordInput.read(null, stdin("short\n"), "sana")).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> PasswordInput.read(null, stdin(""), "sana")).hasMessageContaining("at least 12");
    }

    @Test
    void refusesAnythingButUtf8() {
        InputStream latin1 = new ByteArrayInputStream("passw\u00f6rd long enough\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PasswordInput.read(null, latin1, "sana")).hasMessageContaining("not UTF-8");
    }
}
