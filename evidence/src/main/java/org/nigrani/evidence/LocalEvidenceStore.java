package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The embedded evidence store: a folder holding {@code ab/cd/<sha256>}, with the timestamp token in
 * {@code <sha256>.tsr} and the content type in {@code <sha256>.type} beside it.
 */
public final class LocalEvidenceStore implements EvidenceStore {

    private static final String UNKNOWN_TYPE = "application/octet-stream";

    private final Path root;
    private final Path staging;

    public LocalEvidenceStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        // Staging lives inside the root so that publishing is a link or rename on one file system, never a copy.
        this.staging = Files.createDirectories(this.root.resolve(".staging"));
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredItem put(Path file, String sha256, String contentType) throws IOException {
        Sha256.requireCanonical(sha256);
        String type = contentType == null || contentType.isBlank() ? UNKNOWN_TYPE : contentType.strip();
        Path target = contentPath(sha256);
        if (Files.exists(target)) {
            String actual;
            try (InputStream in = Files.newInputStream(file)) {
                actual = Sha256.hex(in);
            }
            requireMatch(sha256, actual);
            return new StoredItem(sha256, Files.size(target), storedType(sha256).orElse(type), true);
        }
        // Copy and hash in one pass, so what is published is exactly what was hashed even if the caller's file
        // changes underneath us.
        Path staged = Files.createTempFile(staging, sha256.substring(0, 8), ".part");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(staged), digest)) {
                in.transferTo(out);
            }
            requireMatch(sha256, HexFormat.of().formatHex(digest.digest()));
            makeReadOnly(staged);
            Files.createDirectories(target.getParent());
            publishType(sha256, type);
            boolean stored = publishOnce(staged, target);
            return new StoredItem(sha256, Files.size(target), storedType(sha256).orElse(type), !stored);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(contentPath(sha256));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(contentPath(sha256));
    }

    @Override
    public Optional<StoredItem> describe(String sha256) throws IOException {
        Path target = contentPath(sha256);
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        return Optional.of(new StoredItem(sha256, Files.size(target), storedType(sha256).orElse(UNKNOWN_TYPE), true));
    }

    @Override
    public void putToken(String sha256, byte[] token) throws IOException {
        if (!exists(sha256)) {
            throw new NoSuchFileException(contentPath(sha256).toString(), null, "no evidence stored under this hash");
        }
        Path staged = Files.createTempFile(staging, sha256.substring(0, 8), ".tsr.part");
        try {
            Files.write(staged, token);
            makeReadOnly(staged);
            // A reader sees the old token or the new one, never half of one.
            Files.move(staged, sidecar(sha256, ".tsr"), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public Optional<byte[]> token(String sha256) throws IOException {
        Path path = sidecar(sha256, ".tsr");
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        Files.deleteIfExists(sidecar(sha256, ".tsr"));
        boolean removed = Files.deleteIfExists(contentPath(sha256));
        Files.deleteIfExists(sidecar(sha256, ".type"));
        return removed;
    }

    /** Where the bytes for a hash live; the hash is checked first, so no caller-given text reaches a path. */
    public Path contentPath(String sha256) {
        Sha256.requireCanonical(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private Path sidecar(String sha256, String suffix) {
        Path content = contentPath(sha256);
        return content.resolveSibling(content.getFileName() + suffix);
    }

    private static void requireMatch(String declared, String actual) {
        if (!declared.equals(actual)) {
            throw new HashMismatchException(declared, actual);
        }
    }

    private void publishType(String sha256, String type) throws IOException {
        Path staged = Files.createTempFile(staging, sha256.substring(0, 8), ".type.part");
        try {
            Files.writeString(staged, type, StandardCharsets.UTF_8);
            makeReadOnly(staged);
            publishOnce(staged, sidecar(sha256, ".type"));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private Optional<String> storedType(String sha256) throws IOException {
        try {
            return Optional.of(Files.readString(sidecar(sha256, ".type"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code staged} visible at {@code target} unless something is already there; true when this call did it.
     * A hard link fails atomically when the target exists, where a rename would silently replace it, so two puts
     * of the same hash racing each other store it once and both learn which one won.
     */
    private static boolean publishOnce(Path staged, Path target) throws IOException {
        try {
            Files.createLink(target, staged);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: a rename is still atomic, and losing a race only rewrites equal bytes.
            if (Files.exists(target)) {
                return false;
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static void makeReadOnly(Path path) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString("r--r--r--"));
        } else if (!path.toFile().setReadOnly()) {
            throw new IOException("could not make " + path + " read-only");
        }
    }
}
