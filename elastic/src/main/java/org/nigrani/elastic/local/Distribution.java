package org.nigrani.elastic.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The Elasticsearch distribution zip the build resolves into {@code .local/dist}, and its unpacked copy. */
final class Distribution {

    /** The one place that names the version; elastic/pom.xml resolves the same one through ${elasticsearch.version}. */
    static final String VERSION = "8.19.21";
    static final String NAME = "elasticsearch-" + VERSION;

    /** Written last, so a folder without it is a half-finished unpack to redo. */
    private static final String MARKER = ".nigrani-unpacked";
    /** Serialises unpacking between threads of one JVM; the file lock does it between JVMs. */
    private static final Object UNPACK_MONITOR = new Object();

    private Distribution() {
    }

    static Path zipIn(Path projectRoot) {
        return projectRoot.resolve(".local").resolve("dist").resolve(NAME + ".zip");
    }

    /** The zip's path, or a failure that says how to get it. */
    static Path requireZip(Path projectRoot) {
        Path zip = zipIn(projectRoot);
        if (!Files.isRegularFile(zip)) {
            throw new LocalElasticsearchException("The Elasticsearch distribution is missing: no file at " + zip
                    + ". The build downloads it: run 'mvn -pl elastic generate-resources' in " + projectRoot
                    + " (or bin/monitor, which builds), then try again.");
        }
        return zip;
    }

    static boolean isUnpacked(Path home) {
        return Files.isRegularFile(home.resolve(MARKER));
    }

    /**
     * Unpacks the zip into {@code home} unless a complete copy is already there.
     *
     * @return whether it unpacked now
     */
    static boolean unpack(Path zip, Path home) throws IOException {
        synchronized (UNPACK_MONITOR) {
            Files.createDirectories(home.getParent());
            Path lockFile = home.resolveSibling(home.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (isUnpacked(home)) {
                    return false;
                }
                deleteRecursively(home);
                extract(zip, home);
                makeScriptsExecutable(home);
                Files.writeString(home.resolve(MARKER), VERSION + System.lineSeparator(), StandardCharsets.UTF_8);
                return true;
            }
        }
    }

    private static void extract(Path zip, Path home) throws IOException {
        Files.createDirectories(home);
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zipFile.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String relative = stripTopFolder(entry.getName());
                if (relative.isEmpty()) {
                    continue;
                }
                Path target = home.resolve(relative).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("Refusing zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zipFile.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The zip holds everything under {@code elasticsearch-<version>/}; we unpack into a folder of that name already. */
    private static String stripTopFolder(String entryName) {
        String prefix = NAME + "/";
        return entryName.startsWith(prefix) ? entryName.substring(prefix.length()) : entryName;
    }

    /** java.util.zip drops the zip's unix modes, and the launch scripts in bin/ must be executable. */
    private static void makeScriptsExecutable(Path home) throws IOException {
        Path bin = home.resolve("bin");
        if (!Files.isDirectory(bin)) {
            throw new IOException("The distribution has no bin folder at " + bin + ": is the zip complete?");
        }
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
