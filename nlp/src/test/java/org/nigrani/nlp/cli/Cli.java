package org.nigrani.nlp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The shipped station directory, config/stations.yaml of the project (tests run in nlp/, where classify's default
     * path does not reach it): under system property nigrani.root, else the working folder or one of its parents.
     */
    static Path stations() {
        String root = System.getProperty("nigrani.root");
        if (root != null && !root.isBlank() && Files.isRegularFile(Path.of(root, "config", "stations.yaml"))) {
            return Path.of(root, "config", "stations.yaml");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/stations.yaml"))) {
                return dir.resolve("config/stations.yaml");
            }
        }
        throw new IllegalStateException("config/stations.yaml not found: set -Dnigrani.root");
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
