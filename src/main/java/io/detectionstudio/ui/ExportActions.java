package io.detectionstudio.ui;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.engine.OdApiExport;
import io.detectionstudio.model.centernet.CenterNetExport;
import java.nio.file.Path;

/**
 * The Export menu's work, without dialogs: each takes a snapshot of the dataset (so editing can go on) and writes in
 * the background through the view model, reporting in the status bar.
 */
public final class ExportActions {

    private final StudioViewModel vm;

    public ExportActions(StudioViewModel vm) {
        this.vm = vm;
    }

    public void coco(Path file) {
        Dataset snapshot = vm.datasetProperty().get().copy();
        vm.run(() -> {
            CocoJson.write(snapshot, file);
            return file;
        }, f -> vm.setStatus("Exported COCO JSON to " + f));
    }

    public void format(DatasetFormat format, Path target) {
        Dataset snapshot = vm.datasetProperty().get().copy();
        vm.run(() -> {
            format.write(snapshot, target);
            return target;
        }, f -> vm.setStatus("Exported " + format.name() + " to " + f));
    }

    public void odApiJob(Path folder) {
        Dataset snapshot = vm.datasetProperty().get().copy();
        vm.run(() -> OdApiExport.export(snapshot, folder, OdApiExport.Options.defaults()),
                r -> vm.setStatus("Exported an OD API training job to " + r.folder() + " (" + r.trainImages() + " train, "
                        + r.valImages() + " val images); see its README.md"));
    }

    /** The selected run as a SavedModel with the OD API exporter's signature. */
    public void savedModel(Path run, Path folder) {
        vm.run(() -> {
            CenterNetExport.export(run, folder);
            return folder;
        }, f -> vm.setStatus("Exported " + run.getFileName() + " as a SavedModel to " + f));
    }
}
