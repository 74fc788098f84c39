/**
 * The studio window (JavaFX). The only package that imports JavaFX. Each panel is a view (nodes only) over a view
 * model (state and actions, testable without a window): {@code StudioView}/{@code StudioViewModel},
 * {@code TrainPanel}/{@code TrainViewModel}, {@code InspectPanel}/{@code InspectViewModel}, {@code ClassesPanel}/
 * {@code ClassesModel}, {@code ImageBrowser}/{@code BrowserModel}, {@code AnnotationEditor}/{@code EditorModel}.
 *
 * <p>Long work (reading datasets, decoding images, training, running models) never runs on the FX thread: it is a
 * {@link io.detectionstudio.ui.task.BackgroundTask} run by a {@link io.detectionstudio.ui.task.TaskExecutor}
 * (progress, message, cancel, failure handed to the FX thread), and every background thread comes from
 * {@link io.detectionstudio.ui.task.Workers}. View models take their executors and factories (e.g. the Train
 * view model its {@link io.detectionstudio.ui.train.Trainer}), so their tests run on fakes.
 *
 * <p>Look: AtlantaFX's Primer theme, light or dark ({@link io.detectionstudio.ui.Theme}, View &gt; Dark Theme), under
 * one stylesheet, {@code studio.css} beside this package; no node sets an inline style.
 */
package io.detectionstudio.ui;
