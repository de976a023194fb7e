package org.nigrani.nlp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nigrani.nlp.testing.Shipped;
import picocli.CommandLine;

/** Runs a command through picocli as {@code bin/monitor} does, capturing what it prints. */
final class Cli {

    /** The exit code and everything written to stdout and stderr (System streams and picocli's writers). */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {}

    /** The shipped station directory (classify's default path does not reach it from nlp/, where tests run). */
    static Path stations() {
        return Shipped.stationsFile();
    }

    static synchronized Run run(Object command, String... args) {
        System.setProperty("java.awt.headless", "true");
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        StringWriter picocliErr = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cmd = new CommandLine(command);
            cmd.setOut(new PrintWriter(picocliOut, true));
            cmd.setErr(new PrintWriter(picocliErr, true));
            code = cmd.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8) + picocliOut,
                err.toString(StandardCharsets.UTF_8) + picocliErr);
    }
}
