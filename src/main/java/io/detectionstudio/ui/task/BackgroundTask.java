package io.detectionstudio.ui.task;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One piece of background work of the studio (after JabRef's {@code BackgroundTask}): its {@link Work} runs on a
 * {@link TaskExecutor}'s thread and reports progress and a message, and may be cancelled; its title, progress,
 * message and running state are properties that change on the FX thread only, and its result or failure is handed
 * to callbacks there. Made and configured on the FX thread, then given to {@link TaskExecutor#execute}.
 *
 * @param <T> the result
 */
public final class BackgroundTask<T> {

    /** The work: runs on a background thread. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Context context) throws Exception;
    }

    /** What the work may do while it runs (any thread). */
    public interface Context {
        /** 0 to 1; negative: not known. */
        void updateProgress(double progress);

        void updateMessage(String message);

        /** Whether {@link BackgroundTask#cancel()} was called; the work should stop soon after. */
        boolean isCancelled();
    }

    private final String title;
    private final Work<T> work;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private Consumer<T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure;
    private Runnable onCancel = () -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = title;
        this.work = work;
    }

    /** A task that reports progress and a message, and may check for cancelling. */
    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    /** Told the result on the FX thread. */
    public BackgroundTask<T> onSuccess(Consumer<T> c) {
        this.onSuccess = c;
        return this;
    }

    /**
     * Told an exception or error on the FX thread; without one, the executor's failure handler (the studio's error
     * dialog) is told.
     */
    public BackgroundTask<T> onFailure(Consumer<Throwable> c) {
        this.onFailure = c;
        return this;
    }

    /** Runs on the FX thread, after the success or failure callbacks, however the work ended. */
    public BackgroundTask<T> onFinished(Runnable r) {
        this.onFinished = r;
        return this;
    }

    /** Runs on the FX thread when {@link #cancel()} is called, e.g. to tell an engine to stop. */
    public BackgroundTask<T> onCancel(Runnable r) {
        this.onCancel = r;
        return this;
    }

    /** Asks the work to stop (it checks {@link Context#isCancelled()}); the result still comes when it ends. */
    public void cancel() {
        if (!cancelled.getAndSet(true)) {
            onCancel.run();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public String title() {
        return title;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    // ---- for TaskExecutor ----

    Work<T> work() {
        return work;
    }

    void started() {
        running.set(true);
    }

    void progress(double p) {
        progress.set(p);
    }

    void message(String m) {
        message.set(m);
    }

    void succeeded(T result) {
        try {
            onSuccess.accept(result);
        } finally {
            finished();
        }
    }

    /** Returns whether the task handled the failure itself. */
    boolean failed(Throwable t) {
        try {
            if (onFailure == null) {
                return false;
            }
            onFailure.accept(t);
            return true;
        } finally {
            finished();
        }
    }

    private void finished() {
        running.set(false);
        onFinished.run();
    }
}
