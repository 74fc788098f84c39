package io.detectionstudio.core;

/** One-line messages for people: what the command line prints and the studio's status bar shows. */
public final class Messages {

    private Messages() {
    }

    /** The first non-blank line of a message, stripped; {@code fallback} when there is none. */
    public static String firstLine(String message, String fallback) {
        if (message == null || message.isBlank()) {
            return fallback;
        }
        return message.strip().lines().findFirst().orElse(fallback).strip();
    }

    /** The first line of an exception's message, or its class and nothing else when it has none. */
    public static String firstLine(Throwable t) {
        return t == null ? null : firstLine(t.getMessage(), t.toString());
    }
}
