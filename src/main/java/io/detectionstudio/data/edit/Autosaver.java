package io.detectionstudio.data.edit;

import io.detectionstudio.data.AtomicFiles;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Saves a dataset soon after it changes: {@link #changed()} (called on the thread that edits the dataset) takes a
 * snapshot of the dataset as COCO JSON bytes right away, and a background thread writes the newest snapshot at most
 * {@code delayMillis} later — temporary file, then an atomic move over the file, the previous version kept as
 * {@code .bak} (see {@link AtomicFiles#write}). A burst of edits makes one write; killing the program loses at most
 * the last {@code delayMillis} of work, and never leaves a half-written file.
 */
public final class Autosaver implements AutoCloseable {

    private final Dataset dataset;
    private final Path file;
    private final long delayMillis;
    private final Consumer<String> onError;
    private final Consumer<Path> onSaved;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "autosave");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private byte[] pending;
    private boolean scheduled;

    /**
     * @param onError told a one-line message when a write fails (the snapshot is kept and retried on the next change)
     * @param onSaved told the file after each successful write
     */
    public Autosaver(Dataset dataset, Path file, long delayMillis, Consumer<String> onError, Consumer<Path> onSaved) {
        this.dataset = dataset;
        this.file = file;
        this.delayMillis = delayMillis;
        this.onError = onError;
        this.onSaved = onSaved;
    }

    public Path file() {
        return file;
    }

    /** Snapshots the dataset now and schedules a write (a write already scheduled takes the newer snapshot). */
    public void changed() {
        byte[] snapshot;
        try {
            snapshot = snapshot(dataset);
        } catch (IOException e) {
            onError.accept(file + ": cannot save: " + e.getMessage());
            return;
        }
        synchronized (lock) {
            pending = snapshot;
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        writer.schedule(this::writePending, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes a pending snapshot now, on the caller's thread; true when nothing is left unsaved. */
    public boolean flush() {
        return writePending();
    }

    /** True while a snapshot waits to be written. */
    public boolean dirty() {
        synchronized (lock) {
            return pending != null;
        }
    }

    private boolean writePending() {
        byte[] bytes;
        synchronized (lock) {
            bytes = pending;
            pending = null;
            scheduled = false;
        }
        if (bytes == null) {
            return true;
        }
        try {
            AtomicFiles.write(bytes, file);
            onSaved.accept(file);
            return true;
        } catch (DatasetException e) {
            synchronized (lock) {
                if (pending == null) {
                    pending = bytes;
                }
            }
            onError.accept(e.getMessage());
            return false;
        }
    }

    static byte[] snapshot(Dataset d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CocoJson.write(d, out);
        return out.toByteArray();
    }

    /** Writes what is pending and stops the writer thread. */
    @Override
    public void close() {
        flush();
        writer.shutdownNow();
        try {
            // A write the writer thread had already begun ends before close returns: nothing lands after it.
            writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
