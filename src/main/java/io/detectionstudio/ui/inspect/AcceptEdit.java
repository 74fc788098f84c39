package io.detectionstudio.ui.inspect;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.edit.Edit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Predictions accepted as annotations: the annotations are added (one compound edit) and the accepted images'
 * predictions leave the prediction map, so the images show as labelled; undo takes the annotations away and
 * puts the predictions back (unless the model has run again since), redo accepts them again.
 */
final class AcceptEdit implements Edit {

    private final Edit annotations;
    private final Map<Long, List<DetectionsJson.Detection>> taken;
    private final Map<Long, List<DetectionsJson.Detection>> predictions;

    /**
     * @param annotations the compound edit that adds the annotations
     * @param taken       the accepted images' predictions, as they are now
     * @param predictions the studio's prediction map
     */
    AcceptEdit(Edit annotations, Map<Long, List<DetectionsJson.Detection>> taken,
               Map<Long, List<DetectionsJson.Detection>> predictions) {
        this.annotations = annotations;
        this.taken = Map.copyOf(taken);
        this.predictions = predictions;
    }

    @Override
    public void apply(Dataset d) {
        annotations.apply(d);
        taken.keySet().forEach(predictions::remove);
    }

    @Override
    public void revert(Dataset d) {
        annotations.revert(d);
        taken.forEach(predictions::putIfAbsent);
    }

    @Override
    public String description() {
        return annotations.description();
    }

    @Override
    public Set<Long> images() {
        return annotations.images();
    }
}
