package io.detectionstudio.data.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetValidator;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetsTest {

    /** Small sets: 8 duck images include a negative (index 4), a square (2) and a portrait (7) one. */
    private static final int N = 8;
    private static final long MAX_FOLDER_BYTES = 5_000_000;
    private static final Path COMMITTED = Path.of("sample-datasets");

    @TempDir
    static Path tmp;

    private static Dataset ducks;
    private static Dataset figures;

    @BeforeAll
    static void generateSmallSets() throws Exception {
        ducks = SampleDatasets.generateToyDucks(tmp.resolve("ducks"), N);
        figures = SampleDatasets.generateToyFigures(tmp.resolve("figures"), N);
    }

    // ---- generated sets ----

    @Test
    void generatedSetsRoundTripThroughCocoJson() throws Exception {
        for (Dataset d : List.of(ducks, figures)) {
            Path json = d.imageRoot().resolve(SampleDatasets.ANNOTATIONS);
            CocoJson.Result r = CocoJson.read(json);
            assertThat(r.problems()).isEmpty();
            assertThat(DatasetValidator.validate(r.dataset(), json.toString(), DatasetValidator.ImageCheck.DECODE)).isEmpty();
            assertThat(r.dataset().images()).containsExactlyElementsOf(d.images());
            assertThat(r.dataset().annotations()).containsExactlyElementsOf(d.annotations());
            assertThat(r.dataset().categories()).containsExactlyElementsOf(d.categories());
            assertThat(r.dataset().images()).hasSize(N);
            assertThat(Files.exists(d.imageRoot().resolve(SampleDatasets.ANNOTATIONS + ".bak"))).isFalse();
            for (ImageRecord im : r.dataset().images()) {
                assertThat(im.fileName()).matches("images/(duck|figure)_\\d{3}\\.jpg");
                assertThat(imageSize(r.dataset().resolve(im))).containsExactly(im.width(), im.height());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) r.dataset().info();
            assertThat(info).containsEntry("synthetic", true).containsEntry("generator", SampleDatasets.class.getName())
                    .containsKey("seed");
        }
        assertThat(ducks.categories()).containsExactly(new Category(1, "duck", "toy", null, Map.of()));
        assertThat(ducks.images()).extracting(im -> im.width() + "x" + im.height())
                .contains("320x240", "240x320", "256x256");
        assertThat(ducks.annotationsOf(5)).isEmpty(); // image index 4 is a negative
    }

    @Test
    void boxesLieInsideTheirImagesWithPositiveSizeAndBoxArea() {
        for (Dataset d : List.of(ducks, figures)) {
            assertThat(d.annotations()).isNotEmpty();
            for (ObjectAnnotation a : d.annotations()) {
                ImageRecord im = d.image(a.imageId()).orElseThrow();
                CocoBox b = a.bbox();
                assertThat(b.width()).as("%s", a).isPositive();
                assertThat(b.height()).as("%s", a).isPositive();
                assertThat(b.x()).as("%s", a).isGreaterThanOrEqualTo(0);
                assertThat(b.y()).as("%s", a).isGreaterThanOrEqualTo(0);
                assertThat(b.right()).as("%s", a).isLessThanOrEqualTo(im.width());
                assertThat(b.bottom()).as("%s", a).isLessThanOrEqualTo(im.height());
                assertThat(a.area()).isEqualTo(b.area());
                assertThat(a.iscrowd()).isFalse();
                assertThat(a.categoryId()).isEqualTo(1);
            }
        }
    }

    @Test
    void duckBoxesAreTheTightBoxesOfVisibleDuckPixels() {
        int checked = 0;
        for (int i = 0; i < N; i++) {
            Scenes.Generated g = Scenes.duck(SampleDatasets.TOY_DUCKS_SEED, i);
            List<ObjectAnnotation> written = ducks.annotationsOf(i + 1);
            assertThat(written).extracting(ObjectAnnotation::bbox)
                    .containsExactlyElementsOf(g.labels().stream().map(Renderer.Label::box).toList());
            for (Renderer.Label l : g.labels()) {
                assertThat(g.scene().sprites().get(l.sprite())).isInstanceOf(Duck.class);
                assertHugsVisiblePixels(g.scene(), l);
                assertDuckColouredInside(g.scene(), l);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(N - 1);
    }

    @Test
    void figureBoxesAreTheTightBoxesOfVisibleFigurePixels() {
        for (int i = 0; i < N; i++) {
            Scenes.Generated g = Scenes.figure(SampleDatasets.TOY_FIGURES_SEED, i);
            assertThat(figures.annotationsOf(i + 1)).extracting(ObjectAnnotation::bbox)
                    .containsExactlyElementsOf(g.labels().stream().map(Renderer.Label::box).toList());
            assertThat(figures.annotationsOf(i + 1)).extracting(ObjectAnnotation::keypoints)
                    .containsExactlyElementsOf(g.labels().stream().map(Renderer.Label::keypoints).toList());
            for (Renderer.Label l : g.labels()) {
                assertThat(g.scene().sprites().get(l.sprite())).isInstanceOf(Figure.class);
                assertHugsVisiblePixels(g.scene(), l);
            }
        }
    }

    /**
     * Checks a label's box two ways: against the visibility mask it came from (every visible pixel inside,
     * every border row and column touching one), and against what is actually painted: rendering the scene
     * without the object changes pixels only within a pixel of the box (antialiased edges), and changes at
     * least one pixel on each of the box's border rows and columns.
     */
    private static void assertHugsVisiblePixels(Scene s, Renderer.Label l) {
        int w = s.width();
        int h = s.height();
        double[] vis = Renderer.visibility(s, Renderer.masks(s), l.sprite());
        int x0 = (int) l.box().x();
        int y0 = (int) l.box().y();
        int x1 = (int) l.box().right() - 1;
        int y1 = (int) l.box().bottom() - 1;
        assertThat(l.box().x()).isEqualTo(x0);
        assertThat(l.box().right()).isEqualTo(x1 + 1);
        int[] full = Renderer.compose(s, -1).getRGB(0, 0, w, h, null, 0, w);
        int[] without = Renderer.compose(s, l.sprite()).getRGB(0, 0, w, h, null, 0, w);
        boolean top = false;
        boolean bottom = false;
        boolean left = false;
        boolean right = false;
        int changed = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                boolean inside = x >= x0 && x <= x1 && y >= y0 && y <= y1;
                if (vis[p] >= 0.5) {
                    assertThat(inside).as("visible pixel (%d, %d) outside box %s", x, y, l.box()).isTrue();
                }
                boolean differs = full[p] != without[p];
                if (differs) {
                    changed++;
                    assertThat(x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1)
                            .as("pixel (%d, %d) painted by the object lies outside box %s", x, y, l.box()).isTrue();
                }
                if (vis[p] >= 0.5 && differs) {
                    top |= y == y0;
                    bottom |= y == y1;
                    left |= x == x0;
                    right |= x == x1;
                }
            }
        }
        assertThat(new boolean[] {top, bottom, left, right}).as("border rows/columns of %s touch the object", l.box())
                .containsOnly(true);
        assertThat(changed).isGreaterThanOrEqualTo(l.visiblePixels());
    }

    /** Most of a duck's visible pixels, in the final image, are duck yellow or beak orange. */
    private static void assertDuckColouredInside(Scene s, Renderer.Label l) {
        int w = s.width();
        BufferedImage img = Renderer.render(s);
        double[] vis = Renderer.visibility(s, Renderer.masks(s), l.sprite());
        int yellow = 0;
        int visible = 0;
        for (int y = (int) l.box().y(); y < l.box().bottom(); y++) {
            for (int x = (int) l.box().x(); x < l.box().right(); x++) {
                if (vis[y * w + x] >= 0.5) {
                    visible++;
                    int rgb = img.getRGB(x, y);
                    int r = rgb >> 16 & 255;
                    int g = rgb >> 8 & 255;
                    int b = rgb & 255;
                    if (r > 140 && g > 70 && b < 0.6 * r && r >= g) {
                        yellow++;
                    }
                }
            }
        }
        assertThat(visible).isEqualTo(l.visiblePixels());
        assertThat(yellow).as("duck-coloured pixels of %s", l.box()).isGreaterThan(visible * 3 / 4);
    }

    // ---- keypoints ----

    @Test
    void figureCategoryHasTheStatedSchemaInMemoryAndInTheFile() throws IOException {
        Category c = figures.categories().get(0);
        assertThat(c.name()).isEqualTo("figure");
        KeypointSchema s = c.keypoints();
        assertThat(s.names()).containsExactly("left_ear", "right_ear", "nose", "left_foot", "right_foot");
        assertThat(s.skeleton()).containsExactly(new KeypointSchema.Edge(0, 2), new KeypointSchema.Edge(1, 2),
                new KeypointSchema.Edge(2, 3), new KeypointSchema.Edge(2, 4));
        assertThat(s.flipPairs()).containsExactly(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(3, 4));

        JsonNode cat = new ObjectMapper().readTree(figures.imageRoot().resolve(SampleDatasets.ANNOTATIONS).toFile())
                .get("categories").get(0);
        assertThat(cat.get("skeleton").toString()).isEqualTo("[[1,3],[2,3],[3,4],[3,5]]");
        assertThat(cat.get("flip_pairs").toString()).isEqualTo("[[\"left_ear\",\"right_ear\"],[\"left_foot\",\"right_foot\"]]");
    }

    @Test
    void keypointsAreInsideTheirBoxWhenVisibleAndZeroWhenOutsideTheImage() {
        int occluded = 0;
        int outside = 0;
        for (ObjectAnnotation a : figures.annotations()) {
            ImageRecord im = figures.image(a.imageId()).orElseThrow();
            double[] kp = a.keypoints();
            assertThat(kp).hasSize(15);
            for (int k = 0; k < 5; k++) {
                double x = kp[3 * k];
                double y = kp[3 * k + 1];
                double v = kp[3 * k + 2];
                if (v == 0) {
                    assertThat(new double[] {x, y}).containsExactly(0, 0);
                    outside++;
                    continue;
                }
                assertThat(x).isBetween(0.0, (double) im.width());
                assertThat(y).isBetween(0.0, (double) im.height());
                if (v == 2) {
                    assertThat(x).as("%s keypoint %d", a, k).isBetween(a.bbox().x(), a.bbox().right());
                    assertThat(y).as("%s keypoint %d", a, k).isBetween(a.bbox().y(), a.bbox().bottom());
                } else {
                    assertThat(v).isEqualTo(1);
                    occluded++;
                }
            }
            assertThat(a.numKeypoints()).isGreaterThanOrEqualTo(2);
        }
        // the small set exercises both: keep these so the checks above are not vacuous
        assertThat(occluded + outside).isPositive();
    }

    @Test
    void occludedKeypointsLieUnderAnObjectDrawnOnTopAndVisibleOnesDoNot() {
        int occluded = 0;
        for (int i = 0; i < 24; i++) {
            Scenes.Generated g = Scenes.figure(SampleDatasets.TOY_FIGURES_SEED, i);
            for (Renderer.Label l : g.labels()) {
                for (int k = 0; k < 5; k++) {
                    double v = l.keypoints()[3 * k + 2];
                    if (v == 0) {
                        continue;
                    }
                    double x = l.keypoints()[3 * k];
                    double y = l.keypoints()[3 * k + 1];
                    // the keypoint's pixel: touched by an object drawn later when occluded, not wholly under one when visible
                    Rectangle2D pixel = new Rectangle2D.Double(Math.floor(x), Math.floor(y), 1, 1);
                    boolean touched = false;
                    boolean covered = false;
                    for (Sprite later : g.scene().sprites().subList(l.sprite() + 1, g.scene().sprites().size())) {
                        Shape sh = later.silhouette();
                        touched |= sh.intersects(pixel);
                        covered |= sh.contains(pixel);
                    }
                    String what = "image " + i + ", keypoint " + Figure.KEYPOINTS[k] + " (" + x + ", " + y + ") v=" + v;
                    if (v == 1) {
                        assertThat(touched).as(what).isTrue();
                        occluded++;
                    } else {
                        assertThat(covered).as(what).isFalse();
                    }
                }
            }
        }
        assertThat(occluded).isPositive();
    }

    /**
     * Names follow the figure's own left and right: an upright figure faces the viewer, so its left ear and
     * foot are on the image's right, whether or not the sprite was drawn mirrored.
     */
    @Test
    void leftAndRightAreTheFiguresOwnEvenWhenMirrored() {
        int mirrored = 0;
        int plain = 0;
        for (int i = 0; i < 16; i++) {
            Scenes.Generated g = Scenes.figure(SampleDatasets.TOY_FIGURES_SEED, i);
            for (Renderer.Label l : g.labels()) {
                Figure f = (Figure) g.scene().sprites().get(l.sprite());
                if (f.mirrored) {
                    mirrored++;
                } else {
                    plain++;
                }
                double[][] p = f.keypoints();
                // x along the figure's own horizontal (the tilt undone) grows from its right parts to its left ones
                double angle = Math.atan2(-f.transform.getShearX(), f.transform.getScaleY()); // the tilt; mirroring flips x only
                assertThat(Math.abs(angle)).isLessThan(0.45);
                assertThat(xInFigureFrame(p[0], angle)).as("left ear right of right ear, image %d", i)
                        .isGreaterThan(xInFigureFrame(p[1], angle));
                assertThat(xInFigureFrame(p[3], angle)).as("left foot right of right foot, image %d", i)
                        .isGreaterThan(xInFigureFrame(p[4], angle));
                assertThat(p[2][1]).isLessThan(Math.max(p[3][1], p[4][1])); // nose above the feet
            }
        }
        assertThat(mirrored).isPositive();
        assertThat(plain).isPositive();
    }

    private static double xInFigureFrame(double[] p, double angle) {
        return p[0] * Math.cos(angle) + p[1] * Math.sin(angle);
    }

    // ---- determinism ----

    @Test
    void generationIsDeterministicAndPrefixStable() throws Exception {
        Path a = tmp.resolve("det-a");
        Path b = tmp.resolve("det-b");
        SampleDatasets.generateToyDucks(a, 4);
        SampleDatasets.generateToyDucks(b, 4);
        SampleDatasets.generateToyFigures(a.resolve("f"), 3);
        SampleDatasets.generateToyFigures(b.resolve("f"), 3);
        for (String f : List.of(SampleDatasets.ANNOTATIONS, "images/duck_000.jpg", "images/duck_003.jpg",
                "f/" + SampleDatasets.ANNOTATIONS, "f/images/figure_002.jpg")) {
            assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
        // the first images of a larger set are those of a smaller one
        Dataset four = CocoJson.read(a.resolve(SampleDatasets.ANNOTATIONS)).dataset();
        assertThat(four.images()).containsExactlyElementsOf(ducks.images().subList(0, 4));
        assertThat(four.annotations()).containsExactlyElementsOf(ducks.annotations().stream().filter(x -> x.imageId() <= 4).toList());
        assertThat(Files.readAllBytes(a.resolve("images/duck_003.jpg")))
                .isEqualTo(Files.readAllBytes(ducks.imageRoot().resolve("images/duck_003.jpg")));
        // regenerating a smaller set over a larger one leaves no stale images or backup
        SampleDatasets.generateToyDucks(a, 2);
        try (Stream<Path> files = Files.list(a.resolve("images"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("duck_000.jpg", "duck_001.jpg");
        }
        assertThat(Files.exists(a.resolve(SampleDatasets.ANNOTATIONS + ".bak"))).isFalse();
        // and the seed matters
        Dataset other = SampleDatasets.generateToyDucks(tmp.resolve("other-seed"), 4, 7);
        assertThat(other.annotations()).isNotEqualTo(four.annotations());
    }

    // ---- the committed datasets ----

    @Test
    void committedDuckDatasetIsValid() throws Exception {
        Dataset d = checkCommitted(SampleDatasets.TOY_DUCKS, SampleDatasets.TOY_DUCKS_COUNT, SampleDatasets.TOY_DUCKS_SEED);
        assertThat(d.categories()).containsExactly(new Category(1, "duck", "toy", null, Map.of()));
        Map<Long, List<ObjectAnnotation>> per = d.annotationsByImage();
        long negatives = d.images().stream().filter(im -> !per.containsKey(im.id())).count();
        assertThat(negatives).isBetween(2L, 8L);
        assertThat(per.values()).allSatisfy(list -> assertThat(list).hasSizeBetween(1, 2));
        assertThat(per.values()).anySatisfy(list -> assertThat(list).hasSize(2));
        assertThat(d.images()).filteredOn(im -> im.width() != 320 || im.height() != 240).hasSizeGreaterThanOrEqualTo(3);
        assertMatchesGenerator(d, i -> Scenes.duck(SampleDatasets.TOY_DUCKS_SEED, i));
    }

    @Test
    void committedFigureDatasetIsValid() throws Exception {
        Dataset d = checkCommitted(SampleDatasets.TOY_FIGURES, SampleDatasets.TOY_FIGURES_COUNT, SampleDatasets.TOY_FIGURES_SEED);
        assertThat(d.categories()).hasSize(1);
        assertThat(d.categories().get(0).keypoints()).isEqualTo(SampleDatasets.figureSchema());
        long[] vis = new long[3];
        for (ObjectAnnotation a : d.annotations()) {
            double[] kp = a.keypoints();
            assertThat(kp).hasSize(15);
            for (int k = 2; k < kp.length; k += 3) {
                vis[(int) kp[k]]++;
            }
        }
        assertThat(vis).as("keypoints with visibility 0, 1, 2").doesNotContain(0L);
        assertMatchesGenerator(d, i -> Scenes.figure(SampleDatasets.TOY_FIGURES_SEED, i));
    }

    private static Dataset checkCommitted(String name, int count, long seed) throws Exception {
        Path dir = COMMITTED.resolve(name);
        Path json = dir.resolve(SampleDatasets.ANNOTATIONS);
        assertThat(json).as("committed dataset; regenerate with SampleDatasets.main(\"sample-datasets\")").exists();
        CocoJson.Result r = CocoJson.read(json);
        assertThat(r.problems()).isEmpty();
        Dataset d = r.dataset();
        assertThat(DatasetValidator.validate(d, json.toString(), DatasetValidator.ImageCheck.NONE)).isEmpty();
        assertThat(d.images()).hasSize(count);
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) d.info();
        assertThat(info).containsEntry("synthetic", true).containsEntry("generator", SampleDatasets.class.getName());
        assertThat(((Number) info.get("seed")).longValue()).isEqualTo(seed);
        for (ImageRecord im : d.images()) {
            Path file = d.resolve(im);
            assertThat(file).as(im.fileName()).exists();
            assertThat(Path.of(im.fileName()).isAbsolute()).isFalse();
            assertThat(imageSize(file)).as(im.fileName()).containsExactly(im.width(), im.height());
        }
        for (ObjectAnnotation a : d.annotations()) {
            ImageRecord im = d.image(a.imageId()).orElseThrow();
            assertThat(a.bbox().x()).isGreaterThanOrEqualTo(0);
            assertThat(a.bbox().y()).isGreaterThanOrEqualTo(0);
            assertThat(a.bbox().right()).isLessThanOrEqualTo(im.width());
            assertThat(a.bbox().bottom()).isLessThanOrEqualTo(im.height());
            assertThat(a.bbox().width()).isPositive();
            assertThat(a.bbox().height()).isPositive();
        }
        long bytes;
        try (Stream<Path> files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).as("size of %s", dir).isLessThan(MAX_FOLDER_BYTES);
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            assertThat(files.count()).as("no stray images in %s", dir).isEqualTo(count);
        }
        return d;
    }

    private interface SceneSource {
        Scenes.Generated scene(int index);
    }

    /**
     * The committed files are what the generator makes now (first few images; boxes to within a pixel, as
     * another JDK may antialias an edge pixel differently). If this fails after a change to the generator,
     * regenerate the committed datasets.
     */
    private static void assertMatchesGenerator(Dataset d, SceneSource source) {
        for (int i = 0; i < 4; i++) {
            Scenes.Generated g = source.scene(i);
            ImageRecord im = d.images().get(i);
            assertThat(new int[] {im.width(), im.height()}).containsExactly(g.scene().width(), g.scene().height());
            List<ObjectAnnotation> committed = d.annotationsOf(im.id());
            assertThat(committed).as("annotations of %s; regenerate sample-datasets?", im.fileName()).hasSameSizeAs(g.labels());
            for (int k = 0; k < committed.size(); k++) {
                double[] want = g.labels().get(k).box().toArray();
                assertThat(committed.get(k).bbox().toArray()).as("box in %s; regenerate sample-datasets?", im.fileName())
                        .containsExactly(want, within(1.0));
            }
        }
    }

    private static int[] imageSize(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertThat(readers.hasNext()).as("%s is an image", file).isTrue();
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                assertThat(reader.getFormatName().toLowerCase()).isIn("jpeg", "jpg");
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }
}
