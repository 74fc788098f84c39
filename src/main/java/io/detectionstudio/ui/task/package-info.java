/**
 * Background work of the studio, one way (after JabRef's {@code BackgroundTask} and {@code TaskExecutor}): a
 * {@link io.detectionstudio.ui.task.BackgroundTask} is work with progress, a message and cancelling, whose results
 * and failures reach callbacks on the FX thread; a {@link io.detectionstudio.ui.task.TaskExecutor} runs it on a
 * background executor and hands everything to the FX executor (a stand-in in tests);
 * {@link io.detectionstudio.ui.task.Workers} makes the named daemon threads.
 */
package io.detectionstudio.ui.task;
