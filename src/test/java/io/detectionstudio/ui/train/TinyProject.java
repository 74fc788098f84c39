package io.detectionstudio.ui.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A project folder made in code: small images with a red square (class "square", labelled) on a grey-green floor
 * with a blue distractor, and a few images nobody has labelled yet.
 */
final class TinyProject {

    private TinyProject() {
    }

    /** Writes {@code labelled + unlabelled} PNGs and {@code annotations.coco.json} into {@code dir}. */
    static Path make(Path dir, int labelled, int unlabelled) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Random random = new Random(7);
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        int w = 96;
        int h = 72;
        for (int i = 1; i <= labelled + unlabelled; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(90 + random.nextInt(40), 110 + random.nextInt(40), 90));
            g.fillRect(0, 0, w, h);
            int s = 16 + random.nextInt(16);
            int x = random.nextInt(w - s);
            int y = random.nextInt(h - s);
            g.setColor(new Color(220, 30, 30));
            g.fillRect(x, y, s, s);
            g.setColor(new Color(40, 60, 200));
            g.fillOval(random.nextInt(w - 12), random.nextInt(h - 12), 12, 12);
            g.dispose();
            String name = String.format(Locale.ROOT, "img%02d.png", i);
            ImageIO.write(img, "png", dir.resolve("images").resolve(name).toFile());
            images.append(images.length() == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                    "{\"id\": %d, \"file_name\": \"images/%s\", \"width\": %d, \"height\": %d}", i, name, w, h));
            if (i <= labelled) {
                annotations.append(annotations.length() == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                        "{\"id\": %d, \"image_id\": %d, \"category_id\": 1, \"bbox\": [%d, %d, %d, %d], \"area\": %d, \"iscrowd\": 0}",
                        i, i, x, y, s, s, s * s));
            }
        }
        Files.writeString(dir.resolve("annotations.coco.json"), "{\"images\": [" + images + "],\n\"annotations\": [" + annotations
                + "],\n\"categories\": [{\"id\": 1, \"name\": \"square\"}]}\n");
        return dir;
    }
}
