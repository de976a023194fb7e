package org.nigrani.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nigrani.console.auth.Passwords;

/**
 * A new password, never from the command line (it would stay in the shell's history and in the process list): typed
 * twice at the terminal without echo, or, when standard input is not a terminal, its first line
 * ({@code printf '%s\n' "$PASSWORD" | bin/monitor user add ...}).
 */
final class PasswordInput {

    private PasswordInput() {}

    /** Reads the password for {@code username}; {@code terminal} null means read {@code in}. */
    static char[] read(Console terminal, InputStream in, String username) throws IOException {
        char[] password;
        if (terminal != null) {
            password = terminal.readPassword("Password for %s (at least %d characters): ", username, Passwords.MIN_LENGTH);
            if (password == null) {
                throw new IllegalArgumentException("no password given");
            }
            checkLength(password);
            char[] again = terminal.readPassword("The same password again: ");
            boolean same = again != null && Arrays.equals(password, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(password, '\0');
                throw new IllegalArgumentException("the two passwords differ; nothing was changed");
            }
        } else {
            password = firstLine(in);
            checkLength(password);
        }
        return password;
    }

    private static void checkLength(char[] password) {
        if (password.length < Passwords.MIN_LENGTH) {
            Arrays.fill(password, '\0');
            throw new IllegalArgumentException("a password needs at least " + Passwords.MIN_LENGTH + " characters");
        }
    }

    /** The first line of {@code in} (UTF-8, without its line end), read byte by byte so nothing else is consumed. */
    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (bytes.size() > 1024) {
                throw new IllegalArgumentException("the password line is longer than 1024 bytes");
            }
            bytes.write(b);
        }
        byte[] raw = bytes.toByteArray();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, 0, length));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password on standard input is not UTF-8");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
