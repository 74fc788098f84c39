package io.detectionstudio.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The contract every fuzz target checks (README, "Reliability"): a parser given any bytes returns a result or
 * throws our own exception with a one-line message; anything else (a RuntimeException, a StackOverflowError, an
 * OutOfMemoryError) is a finding. Allocation is bounded too: the bytes the parsing thread allocates stay under
 * the target's stated bound. Hangs are caught by each target's {@code @Timeout} (per input, in both modes).
 */
public final class FuzzContract {

    /** The code under test. */
    public interface Parse {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzContract() {
    }

    /**
     * Runs {@code parse}; fails (a finding) unless it returns, or throws one of {@code ours} with a non-empty
     * one-line message, having allocated at most {@code allocationBound} bytes.
     */
    public static void holds(long allocationBound, List<Class<? extends Exception>> ours, Parse parse) {
        long allocated = runOnce(ours, parse);
        if (allocated > allocationBound) {
            // The first run in a JVM also pays for loading (and, under Jazzer, instrumenting) classes: measure again.
            allocated = runOnce(ours, parse);
            if (allocated > allocationBound) {
                throw new AssertionError("allocated " + allocated + " bytes, more than the bound of " + allocationBound);
            }
        }
    }

    private static long runOnce(List<Class<? extends Exception>> ours, Parse parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            parse.run();
        } catch (Exception e) {
            if (ours.stream().noneMatch(c -> c.isInstance(e))) {
                throw new AssertionError("not our exception: " + e, e);
            }
            oneLine(e.getMessage(), e);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Fails unless every problem reads as one line. */
    public static void oneLinePerProblem(Collection<?> problems) {
        for (Object p : problems) {
            oneLine(String.valueOf(p), null);
        }
    }

    private static void oneLine(String message, Throwable cause) {
        if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
            throw new AssertionError("not a one-line message: " + message, cause);
        }
    }

    /** A fresh, empty folder under a per-target temporary folder, emptied before each input. */
    public static Path freshFolder(Path base) {
        try {
            if (Files.exists(base)) {
                try (Stream<Path> s = Files.walk(base)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(base)) {
                            Files.delete(p);
                        }
                    }
                }
            }
            return Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A per-target temporary folder (deleted at exit). */
    public static Path scratch(String target) {
        try {
            Path dir = Files.createTempDirectory("fuzz-" + target + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> freshFolderQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void freshFolderQuietly(Path dir) {
        try {
            freshFolder(dir);
            Files.deleteIfExists(dir);
        } catch (RuntimeException | IOException ignored) {
            // best effort at exit
        }
    }

    /** Splits an input at its first NUL byte: the parts of a two-file target (the second empty when none). */
    public static byte[][] split(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == 0) {
                return new byte[][] {java.util.Arrays.copyOfRange(input, 0, i), java.util.Arrays.copyOfRange(input, i + 1, input.length)};
            }
        }
        return new byte[][] {input, new byte[0]};
    }
}
