package org.nigrani.elastic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's root folder (the one with the parent pom.xml) from a test in any module. */
public final class ProjectRoot {

    /** Set by the parent pom's surefire and failsafe configuration. */
    public static final String PROPERTY = "nigrani.root";

    private ProjectRoot() {
    }

    /**
     * The nearest folder, starting at system property {@value #PROPERTY} (or the working directory if unset) and going
     * up, whose pom.xml lists the elastic module; going up also copes with Maven run from inside a module, where the
     * property points at that module.
     */
    public static Path find() {
        String configured = System.getProperty(PROPERTY);
        Path start = (configured == null || configured.isBlank() ? Path.of("") : Path.of(configured))
                .toAbsolutePath().normalize();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (isProjectRoot(folder)) {
                return folder;
            }
        }
        throw new IllegalStateException("Cannot find the project root: no pom.xml listing <module>elastic</module> in "
                + start + " or above it. Run the tests from inside the project, or set -D" + PROPERTY
                + "=<the folder with the parent pom.xml>.");
    }

    private static boolean isProjectRoot(Path folder) {
        Path pom = folder.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom, StandardCharsets.UTF_8).contains("<module>elastic</module>");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + pom + " while looking for the project root", e);
        }
    }
}
