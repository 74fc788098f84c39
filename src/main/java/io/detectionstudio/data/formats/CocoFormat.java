package io.detectionstudio.data.formats;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetOpener;
import io.detectionstudio.data.ImageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * COCO JSON, the studio's own format. Writing re-bases relative image file names so they still point at the
 * same images from the output's folder.
 */
public final class CocoFormat implements DatasetFormat {

    @Override
    public String name() {
        return "coco";
    }

    @Override
    public String description() {
        return "COCO JSON: a .json file (or a project folder with " + DatasetOpener.ANNOTATIONS_FILE + ")";
    }

    @Override
    public boolean recognizes(Path path) {
        return Files.isRegularFile(path) ? isJson(path) : Files.isRegularFile(path.resolve(DatasetOpener.ANNOTATIONS_FILE));
    }

    @Override
    public boolean recognizesOutput(Path path) {
        return isJson(path);
    }

    @Override
    public ReadResult read(Path path) throws DatasetException {
        Path file = Files.isDirectory(path) ? path.resolve(DatasetOpener.ANNOTATIONS_FILE) : path;
        CocoJson.Result r = CocoJson.read(file);
        return new ReadResult(r.dataset(), r.problems());
    }

    @Override
    public void write(Dataset dataset, Path path) throws DatasetException {
        if (Files.isDirectory(path)) {
            throw new DatasetException(path + ": is a folder; give the output file's name (e.g. annotations.coco.json)");
        }
        Path outDir = path.toAbsolutePath().normalize().getParent();
        Dataset copy = rebased(dataset, outDir);
        CocoJson.write(copy, path);
    }

    /** The dataset with relative image file names rewritten relative to {@code outDir}. */
    static Dataset rebased(Dataset d, Path outDir) {
        Path inDir = d.imageRoot();
        if (inDir == null || outDir.equals(inDir)) {
            return d;
        }
        Dataset copy = new Dataset(outDir);
        copy.setInfo(d.info());
        copy.setLicenses(d.licenses());
        copy.extras().putAll(d.extras());
        copy.categories().addAll(d.categories());
        copy.annotations().addAll(d.annotations());
        List<ImageRecord> images = copy.images();
        for (ImageRecord im : d.images()) {
            Path p = Path.of(im.fileName());
            String name = p.isAbsolute() ? im.fileName() : outDir.relativize(inDir.resolve(p).normalize()).toString();
            images.add(new ImageRecord(im.id(), name, im.width(), im.height(), im.extras()));
        }
        return copy;
    }

    private static boolean isJson(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
