package io.detectionstudio.ui.task;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs {@link BackgroundTask}s (after JabRef's {@code TaskExecutor}): the work on {@code background}, everything that
 * touches properties or callbacks on {@code fxThread} (the JavaFX thread in the app; the caller's thread or a
 * stand-in in tests). Progress and message updates are coalesced: at most one hand-over to the FX thread is pending
 * per task. A failure the task does not handle goes to {@link #setOnFailure} (the studio shows a dialog). The tasks
 * that run are listed in {@link #running()} (the status bar shows them).
 */
public final class TaskExecutor {

    private final Executor background;
    private final Executor fxThread;
    private final ObservableList<BackgroundTask<?>> running = FXCollections.observableArrayList();
    private Consumer<Throwable> onFailure = t -> { };

    public TaskExecutor(Executor background, Executor fxThread) {
        this.background = background;
        this.fxThread = fxThread;
    }

    /** Where failures go that a task does not handle itself (called on the FX thread). */
    public void setOnFailure(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure == null ? t -> { } : onFailure;
    }

    /** The executor results come back on. */
    public Executor fxThread() {
        return fxThread;
    }

    /** Tasks started and not ended (FX thread). */
    public ObservableList<BackgroundTask<?>> running() {
        return running;
    }

    /** Starts a task (call on the FX thread); returns it, e.g. to cancel it. */
    public <T> BackgroundTask<T> execute(BackgroundTask<T> task) {
        task.started();
        running.add(task);
        AtomicReference<Double> progress = new AtomicReference<>();
        AtomicReference<String> message = new AtomicReference<>();
        AtomicBoolean handOverPending = new AtomicBoolean();
        Runnable handOver = () -> {
            handOverPending.set(false);
            Double p = progress.getAndSet(null);
            String m = message.getAndSet(null);
            if (p != null) {
                task.progress(p);
            }
            if (m != null) {
                task.message(m);
            }
        };
        BackgroundTask.Context context = new BackgroundTask.Context() {
            @Override
            public void updateProgress(double p) {
                progress.set(p);
                if (handOverPending.compareAndSet(false, true)) {
                    fxThread.execute(handOver);
                }
            }

            @Override
            public void updateMessage(String m) {
                message.set(m);
                if (handOverPending.compareAndSet(false, true)) {
                    fxThread.execute(handOver);
                }
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }
        };
        background.execute(() -> {
            T result;
            try {
                result = task.work().call(context);
            } catch (Exception | Error e) {
                // Errors too (a native library that fails to load, memory): the studio must learn the work ended.
                fxThread.execute(() -> {
                    handOver.run();
                    running.remove(task);
                    if (!task.failed(e)) {
                        onFailure.accept(e);
                    }
                });
                return;
            }
            fxThread.execute(() -> {
                handOver.run();
                running.remove(task);
                task.succeeded(result);
            });
        });
        return task;
    }
}
