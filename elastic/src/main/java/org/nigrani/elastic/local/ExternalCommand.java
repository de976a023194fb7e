package org.nigrani.elastic.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short operating-system command (useradd, chown, runuser test, id) and captures its exit code and output. */
final class ExternalCommand {

    /** What a finished command returned; output is stdout and stderr together. */
    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return "'" + String.join(" ", command) + "' exited with " + exitCode
                    + (output.isBlank() ? "" : ": " + output.strip());
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExternalCommand() {
    }

    /** Runs the command and returns its result whatever the exit code. */
    static Result run(List<String> command) {
        Path output = null;
        try {
            // A file rather than a pipe: a command that hangs cannot then block us on a read past the timeout.
            output = Files.createTempFile("nigrani-cmd", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalElasticsearchException(
                        "'" + String.join(" ", command) + "' did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not run '" + String.join(" ", command) + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalElasticsearchException("Interrupted while running '" + String.join(" ", command) + "'", e);
        } finally {
            deleteQuietly(output);
        }
    }

    /** Runs the command and fails with its output unless it exits with 0. */
    static String runOrFail(List<String> command) {
        Result result = run(command);
        if (!result.succeeded()) {
            throw new LocalElasticsearchException(result.describe());
        }
        return result.output();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Only a stray temp file is at stake; say so on stderr rather than hide it or fail the caller.
            System.err.println("Could not delete temporary file " + file + ": " + e);
        }
    }
}
