package io.detectionstudio.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reference results: two small mixed datasets (4 images; categories 1, 2, 5 and 9, where 9 has no
 * ground truth; crowd regions, area fields unlike box areas, score ties, wrong-category and stray
 * detections) run through pycocotools 2.0.11 (numpy 2.4): {@code COCO.loadRes}, {@code evaluate()},
 * {@code accumulate()}, {@code summarize()}. The expected numbers are pycocotools' {@code stats} and, per
 * category, {@code np.mean} of {@code precision[:, :, k, 0, -1]} over its entries {@code > -1}, printed
 * with {@code repr}; they are required to the last bit, and the summary text character for character.
 */
class CocoEvaluatorPycocotoolsReferenceTest {

    /** {@code gt id image category x y w h area iscrowd} and {@code dt image category score x y w h}. */
    private static final String BOX_DATA = """
            gt 1 3 1 238.6 282.7 68.6 75.2 5158.72 0
            gt 2 3 1 3.9 65 26 37.5 1999.3 0
            gt 3 3 2 94.1 59.7 73.5 64.5 4740.75 0
            gt 4 3 5 208.9 55.4 108.2 88.6 9586.52 0
            gt 5 3 5 187.1 286.3 23.1 25.4 5600.2 0
            gt 6 7 1 239.6 188 34 26.6 904.4 0
            gt 7 7 1 9.5 222.2 99.7 93.5 9321.95 0
            gt 8 7 5 44.8 253.4 52.6 58.3 10241.8 0
            gt 9 7 5 154.6 164.4 60.1 44.3 4332.8 0
            gt 10 7 5 109 211.3 52.1 59.5 8321.5 0
            gt 11 11 1 287 155.4 61.1 48 11254.8 0
            gt 12 11 1 51.5 234.1 115.3 120.9 13939.77 0
            gt 13 11 1 189.3 12.6 29.5 25.1 740.45 0
            gt 14 11 2 0.2 121.6 52 56.8 2953.6 0
            gt 15 11 5 287.2 290.4 117.2 100.2 111.3 1
            gt 16 11 5 115.2 256.5 87.5 116.2 3679.6 0
            gt 17 11 5 283.6 92.2 75.5 47.2 3563.6 0
            gt 18 12 1 160 100.8 52.7 61.1 3219.97 0
            gt 19 12 1 233.5 128.3 115 123.7 14225.5 0
            gt 20 12 5 213.7 40.4 10.5 15 157.5 0
            dt 7 9 0.8 104.4 193.2 60 60
            dt 12 1 0.6 225.7 117.1 112.4 130.6
            dt 3 1 0.901 238.6 282.7 68.6 75.2
            dt 3 1 0.445 5.5 65 26.1 38.3
            dt 3 1 0.6 275.4 102 60 60
            dt 11 5 0.8 125.7 243.9 30 30
            dt 7 5 0.581 109 211.3 52.1 59.5
            dt 3 5 0.108 187.5 285.8 24.1 25
            dt 3 5 0.6 245.2 175.8 60 60
            dt 12 9 0.812 291.9 161.4 110 110
            dt 12 9 0.9 293.6 299.5 110 110
            dt 11 2 0.55 5.6 125.6 48.3 63.1
            dt 11 1 0.028 47.4 231.5 117.8 126.4
            dt 11 1 0.483 189.3 12.6 29.5 25.1
            dt 12 5 0.5 213.7 40.4 10.5 15
            dt 12 5 0.067 213.8 40.5 10.4 15.1
            dt 3 2 0.894 101.6 60.6 78.8 62.5
            dt 7 5 0.689 40.5 254 50.2 60.2
            dt 7 2 0.788 251.5 39.2 60 60
            dt 11 1 0.8 155.5 259 110 110
            dt 12 1 0.664 219.8 80.2 12 12
            dt 11 5 0.9 283.8 92 73.7 47
            dt 12 5 0.138 146.9 281.6 110 110
            dt 11 5 0.5 214.7 320 83.7 101.4
            dt 12 1 0.3 236.6 125.8 115.2 120.5
            dt 12 1 0.75 157.5 94.1 49.4 51.9
            dt 11 5 0.782 279.2 92.4 75.2 46.1
            dt 3 5 0.018 185.2 77.1 116.6 89
            dt 7 5 0.5 43.5 251.9 52.2 58.9
            """;

    /** As above, the ground truths followed by {@code x y v} keypoints, detections by keypoints only. */
    private static final String KEYPOINT_DATA = """
            gt 1 3 1 30.9 118.8 47.6 44.4 2113.44 0 0 0 0 55.7 134.8 1 70.3 130.4 1 0 0 0
            gt 2 3 2 30.3 18.5 50.2 69.5 3488.9 0 77.2 38.7 2 0 0 0 0 0 0 65.3 80.8 2
            gt 3 3 5 179.6 47.7 114.8 101 11594.8 0 294.1 105.4 2 292.3 90.5 2 192.6 54 1 248 145.7 1
            gt 4 3 5 174.8 96.4 79.3 132.1 10475.53 0 212.7 128.3 1 213.8 125.3 2 194.5 213.9 2 214.3 100.6 1
            gt 5 7 1 170.8 223.9 138.2 91.4 12631.48 0 0 0 0 186.8 297.9 2 292.1 274.2 2 193.2 279.5 1
            gt 6 7 2 230 295.7 32.3 33.2 1072.36 0 255.3 314.6 2 249.8 310.4 2 238.1 315.5 1 234.3 298.4 2
            gt 7 7 2 90.2 7 21.4 38.1 9633.1 0 0 0 0 94.1 44.6 1 0 0 0 0 0 0
            gt 8 7 5 269.7 120.1 103.4 131 13545.4 0 0 0 0 288.7 190.9 2 311.5 171 2 0 0 0
            gt 9 7 5 20.7 39.8 21.8 28.2 614.76 0 21.1 46.7 2 0 0 0 21.4 48.7 1 0 0 0
            gt 10 11 1 100.9 51.8 112 89.4 10012.8 0 135.1 109.6 2 168.1 55.1 2 129.5 128.5 1 188.7 94.5 2
            gt 11 11 1 149.4 163.7 12.7 10.2 129.54 1 158.2 164.9 1 0 0 0 0 0 0 157.3 170 1
            gt 12 11 1 3.2 209.3 9.9 10.2 4205.1 0 9.5 213.4 2 7.3 219.2 1 8.7 212.2 2 10.2 213.8 1
            gt 13 12 1 202 78.6 15 13.2 198 0 207.9 86.5 1 210.1 83.4 2 214.6 88.6 2 0 0 0
            gt 14 12 2 179.8 217.4 42.8 57.7 1745.2 1 205.7 230.9 1 203 238.9 2 219.5 265.7 2 190.8 236.7 2
            dt 11 2 0.263 287.5 243 1 291.8 247.2 1 295 253.7 1 274.6 246.8 1
            dt 7 1 0.44 240.6 269.7 1 185.4 297.3 1 292.3 274.3 1 197.4 276.7 1
            dt 7 1 0.9 240.4 269.5 1 186.9 297.5 1 292.2 273.2 1 194 280.1 1
            dt 7 1 0.006 167 134.3 1 177.5 144.5 1 177.4 106.1 1 163 152.5 1
            dt 11 2 0.8 33.5 176.7 1 50.3 190 1 54.6 205.9 1 11.4 215.8 1
            dt 3 2 0.572 159.6 29.9 1 151.9 33.6 1 159.1 31.7 1 153.3 30.5 1
            dt 12 2 0.5 128.5 38.2 1 170.9 7.8 1 113.8 19.5 1 179.5 8.5 1
            dt 7 5 0.9 162.1 51.2 1 177.5 61.7 1 166.9 55.4 1 162.8 51.4 1
            dt 12 1 0.605 294.9 40 1 265.7 52.7 1 314.3 36.7 1 290.6 41.1 1
            dt 3 2 0.96 77 39.1 1 55.5 52.7 1 54.4 51.1 1 67.6 86.9 1
            dt 3 5 0.5 212.8 127.8 1 214.2 125.8 1 188.9 211.5 1 217.1 99.9 1
            dt 12 5 0.731 34.6 50.2 1 7.6 44.5 1 28 47.1 1 10.6 46.6 1
            dt 7 5 0.3 18.9 44.9 1 31.5 53.2 1 22 48.1 1 31.3 54.2 1
            dt 11 1 0.083 135.9 109 1 169.8 54.8 1 123.7 127.5 1 189.8 94 1
            dt 7 2 0.675 102.7 36.4 1 89.6 57.6 1 102 25 1 100.4 24.4 1
            dt 11 1 0.6 11 212.7 1 11.7 217.8 1 7.5 214.7 1 10 214.6 1
            dt 12 2 0.9 111.9 277.6 1 115.6 263.6 1 126.2 263 1 134.8 275 1
            dt 3 9 0.6 159.3 157.8 1 104.3 171.6 1 109.3 175.8 1 141.6 121.3 1
            dt 3 5 0.8 159.7 249.2 1 193.8 220.9 1 166.7 220.6 1 191 232.5 1
            dt 12 1 0.8 208.1 89.1 1 210.8 83.1 1 212.5 91 1 209.7 85.6 1
            dt 11 2 0.313 238.8 249.6 1 219.9 244.8 1 238.8 217.9 1 195.7 241.2 1
            dt 7 1 0.8 127.9 9.8 1 134.2 8.6 1 129.7 8.5 1 137.8 14.8 1
            dt 7 2 0.622 256.9 313.5 1 252.2 301.7 1 238.7 315.8 1 234.1 298.8 1
            dt 3 1 0.193 53.7 144.9 1 58 136.2 1 66.8 133.3 1 54.5 141 1
            dt 3 5 0.508 27 123.5 1 28.1 97.3 1 20.5 136.4 1 4.8 90.4 1
            dt 7 5 0.458 328.6 181.7 1 291.5 189.1 1 312.3 175.5 1 322 182.2 1
            dt 7 9 0.8 191.9 186 1 182.4 137.3 1 187.2 152.5 1 163.5 172.6 1
            """;

    private static final List<Long> IMAGES = List.of(3L, 7L, 11L, 12L);
    private static final List<Integer> CATEGORIES = List.of(1, 2, 5, 9);

    @Test
    void boxesMatchPycocotoolsToTheBit() {
        List<EvalGroundTruth> gts = new ArrayList<>();
        List<EvalDetection> dts = new ArrayList<>();
        parse(BOX_DATA, false, gts, dts);
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGES, CATEGORIES, gts, dts);

        assertThat(m.stats()).containsExactly(
                0.35084206039651583, 0.5536478647864786, 0.23387338733873386, 0.37623762376237624,
                0.4343391482005343, 0.33143564356435645, 0.30277777777777776, 0.5199074074074074,
                0.5199074074074074, 0.75, 0.5588888888888889, 0.4375);
        assertThat(m.apByCategory()).containsExactlyEntriesOf(orderedMap(
                1, 0.3275836869401226, 2, 0.3844884488448844, 5, 0.3404540454045404, 9, -1.0));
        assertThat(m.summary()).isEqualTo("""
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.351
                 Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.554
                 Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.234
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 0.376
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 0.434
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.331
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.303
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = 0.520
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.520
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 0.750
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 0.559
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.438
                """);
    }

    @Test
    void keypointsMatchPycocotoolsToTheBit() {
        List<EvalGroundTruth> gts = new ArrayList<>();
        List<EvalDetection> dts = new ArrayList<>();
        parse(KEYPOINT_DATA, true, gts, dts);
        double[] sigmas = {.04, .06, .08, .1};
        Map<Integer, double[]> sigmasByCategory = Map.of(1, sigmas, 2, sigmas, 5, sigmas, 9, sigmas);
        KeypointMetrics m = CocoEvaluator.evaluateKeypoints(IMAGES, CATEGORIES, gts, dts, sigmasByCategory);

        // OKS goes through exp, where StrictMath and numpy could in principle differ in the last bit;
        // on this data (and on every randomized comparison made so far) they agree
        assertThat(m.stats()).containsExactly(
                0.3636256482791136, 0.5206977840641206, 0.33663366336633666, 0.6689768976897689,
                0.5877887788778878, 0.6133333333333333, 0.85, 0.5444444444444444,
                0.775, 0.5888888888888889);
        assertThat(m.apByCategory()).containsExactlyEntriesOf(orderedMap(
                1, 0.46584158415841587, 2, 0.39504950495049507, 5, 0.22998585572842997, 9, -1.0));
        assertThat(m.summary()).isEqualTo("""
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.364
                 Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.521
                 Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.337
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 0.669
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 0.588
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.613
                 Average Recall     (AR) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.850
                 Average Recall     (AR) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.544
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 0.775
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 0.589
                """);
    }

    private static Map<Integer, Double> orderedMap(double... kv) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((int) kv[i], kv[i + 1]);
        }
        return out;
    }

    private static void parse(String data, boolean keypoints, List<EvalGroundTruth> gts,
                              List<EvalDetection> dts) {
        for (String line : data.strip().split("\n")) {
            String[] p = line.strip().split(" +");
            boolean isGt = p[0].equals("gt");
            double[] v = Arrays.stream(p).skip(4).mapToDouble(Double::parseDouble).toArray();
            if (isGt) {
                gts.add(new EvalGroundTruth(Long.parseLong(p[1]), Long.parseLong(p[2]), Integer.parseInt(p[3]),
                        Arrays.copyOfRange(v, 0, 4), v[4], v[5] != 0, false,
                        keypoints ? Arrays.copyOfRange(v, 6, v.length) : null));
            } else {
                long image = Long.parseLong(p[1]);
                int category = Integer.parseInt(p[2]);
                double score = Double.parseDouble(p[3]);
                dts.add(keypoints ? EvalDetection.ofKeypoints(image, category, v, score)
                        : EvalDetection.ofBox(image, category, v, score));
            }
        }
    }
}
