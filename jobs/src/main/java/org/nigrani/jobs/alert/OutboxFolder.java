package org.nigrani.jobs.alert;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * "Sends" by writing each message to {@code <outbox>/<name from its Message-ID>.eml}, atomically (a temporary file
 * in the same folder, then a move). The same Message-ID always maps to the same file, so a retry overwrites it.
 */
public final class OutboxFolder implements MailSender {

    private final Path dir;

    public OutboxFolder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    @Override
    public void send(MimeMessage message) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            String id = message.getMessageID();
            if (id == null) {
                message.saveChanges();
                id = message.getMessageID();
            }
            Path target = dir.resolve(fileName(id));
            tmp = Files.createTempFile(dir, ".tmp-", ".eml");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | MessagingException e) {
            throw new MailSendException("could not write the message to the outbox " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** A safe file name for a Message-ID: its characters outside [A-Za-z0-9._@-] replaced; long ones hashed. */
    static String fileName(String messageId) {
        String bare = messageId.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String safe = bare.replaceAll("[^A-Za-z0-9._@-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.isEmpty() || safe.length() > 150) {
            safe = (safe.isEmpty() ? "" : safe.substring(0, Math.min(100, safe.length())) + "-") + sha(bare);
        }
        return safe + ".eml";
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OutboxFolder[" + dir + "]";
    }
}
