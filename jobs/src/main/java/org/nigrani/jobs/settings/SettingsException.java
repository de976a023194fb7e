package org.nigrani.jobs.settings;

/** A configuration problem, naming the file, the key and what is allowed. */
public final class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
