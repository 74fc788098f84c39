package io.detectionstudio.data.tfrecord;

import static io.detectionstudio.data.tfrecord.OdApiKeys.*;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.proto.tf.BytesList;
import io.detectionstudio.proto.tf.Example;
import io.detectionstudio.proto.tf.Feature;
import io.detectionstudio.proto.tf.Features;
import io.detectionstudio.proto.tf.FloatList;
import io.detectionstudio.proto.tf.Int64List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Makes one tf.Example per image of a dataset, with the OD API's keys (see {@link TfRecordFormat}). */
final class ExampleEncoder {

    /** The container formats TensorFlow's {@code decode_image} reads, as {@link ImageInfo#format()} names them. */
    static final Set<String> FORMATS = Set.of("JPEG", "PNG", "BMP", "GIF");

    private final Map<Integer, Category> categories = new HashMap<>();
    private final KeypointLayout layout;
    private final boolean masks;

    /**
     * @throws DatasetException when two categories share an id
     */
    ExampleEncoder(Dataset dataset) throws DatasetException {
        for (Category c : dataset.categories()) {
            if (categories.put(c.id(), c) != null) {
                throw new DatasetException("categories: two categories have id " + c.id());
            }
        }
        layout = new KeypointLayout(dataset.categories());
        masks = dataset.annotations().stream().anyMatch(a -> a.rle() != null || !a.polygons().isEmpty());
    }

    /** Whether every record gets {@code image/object/mask}: when any object of the dataset has a segmentation. */
    boolean writesMasks() {
        return masks;
    }

    /** Keypoints per object ({@code K}); 0 writes no keypoint keys. */
    int keypointsPerObject() {
        return layout.size();
    }

    /**
     * The serialized tf.Example of one image (map keys sorted, so the bytes are the same on every run).
     *
     * @param where   how messages name the image (its file)
     * @param encoded the image file's bytes
     * @param info    its headers: format, orientation, size as displayed
     * @throws DatasetException when the image or an annotation cannot be written faithfully
     */
    byte[] encode(ImageRecord image, List<ObjectAnnotation> annotations, byte[] encoded, ImageInfo info, String where)
            throws DatasetException {
        if (!FORMATS.contains(info.format())) {
            throw new DatasetException(where + ": a " + info.format() + " image; TensorFlow reads JPEG, PNG, BMP and GIF "
                    + "only (convert it first)");
        }
        if (info.width() != image.width() || info.height() != image.height()) {
            throw new DatasetException(where + ": the dataset says " + image.width() + "x" + image.height()
                    + " but the image is " + info.width() + "x" + info.height() + " as displayed");
        }
        Frame frame = Frame.ofDisplayed(info.orientation(), image.width(), image.height());
        int w = frame.storedWidth();
        int h = frame.storedHeight();
        int n = annotations.size();
        int k = layout.size();
        float[] xmin = new float[n];
        float[] xmax = new float[n];
        float[] ymin = new float[n];
        float[] ymax = new float[n];
        long[] labels = new long[n];
        List<ByteString> texts = new ArrayList<>(n);
        long[] difficult = new long[n];
        long[] crowd = new long[n];
        float[] area = new float[n];
        float[] kx = new float[n * k];
        float[] ky = new float[n * k];
        long[] kv = new long[n * k];
        long[] knum = new long[n];
        List<ByteString> ktext = new ArrayList<>(n * k);
        List<ByteString> maskPngs = new ArrayList<>(masks ? n : 0);
        for (int i = 0; i < n; i++) {
            ObjectAnnotation a = annotations.get(i);
            String what = where + ": annotation id " + a.id();
            Category c = categories.get(a.categoryId());
            if (c == null) {
                throw new DatasetException(what + ": category_id " + a.categoryId() + " is not a category");
            }
            CocoBox b = a.bbox();
            if (!finite(b.x(), b.y(), b.width(), b.height())) {
                throw new DatasetException(what + ": the bbox " + b + " is not four finite numbers");
            }
            double[] p0 = frame.toStored(b.x(), b.y());
            double[] p1 = frame.toStored(b.right(), b.bottom());
            xmin[i] = (float) (Math.min(p0[0], p1[0]) / w);
            xmax[i] = (float) (Math.max(p0[0], p1[0]) / w);
            ymin[i] = (float) (Math.min(p0[1], p1[1]) / h);
            ymax[i] = (float) (Math.max(p0[1], p1[1]) / h);
            labels[i] = c.id();
            texts.add(utf8(c.name()));
            difficult[i] = a.difficult() ? 1 : 0;
            crowd[i] = a.iscrowd() ? 1 : 0;
            area[i] = (float) a.effectiveArea();
            if (k > 0) {
                knum[i] = keypoints(a, c, frame, kx, ky, kv, i * k, what);
                for (String name : layout.names()) {
                    ktext.add(utf8(name));
                }
            } else if (a.keypoints() != null && a.keypoints().length > 0) {
                throw new DatasetException(what + ": has keypoints but category " + c.id() + " (" + c.name()
                        + ") has no keypoint names");
            }
            if (masks) {
                maskPngs.add(ByteString.copyFrom(Masks.png(frame.rasterToStored(mask(a, image, what)), w, h)));
            }
        }
        Features.Builder f = Features.newBuilder();
        f.putFeature(IMAGE_HEIGHT, int64(h));
        f.putFeature(IMAGE_WIDTH, int64(w));
        f.putFeature(IMAGE_FILENAME, bytes(utf8(recordedFileName(image.fileName()))));
        f.putFeature(IMAGE_SOURCE_ID, bytes(utf8(Long.toString(image.id()))));
        f.putFeature(IMAGE_KEY_SHA256, bytes(utf8(sha256(encoded))));
        f.putFeature(IMAGE_ENCODED, bytes(ByteString.copyFrom(encoded)));
        f.putFeature(IMAGE_FORMAT, bytes(utf8(info.format().toLowerCase(Locale.ROOT))));
        f.putFeature(BBOX_XMIN, floats(xmin));
        f.putFeature(BBOX_XMAX, floats(xmax));
        f.putFeature(BBOX_YMIN, floats(ymin));
        f.putFeature(BBOX_YMAX, floats(ymax));
        f.putFeature(CLASS_LABEL, int64(labels));
        f.putFeature(CLASS_TEXT, bytes(texts));
        f.putFeature(DIFFICULT, int64(difficult));
        f.putFeature(IS_CROWD, int64(crowd));
        f.putFeature(AREA, floats(area));
        if (k > 0) {
            f.putFeature(KEYPOINT_X, floats(kx));
            f.putFeature(KEYPOINT_Y, floats(ky));
            f.putFeature(KEYPOINT_VISIBILITY, int64(kv));
            f.putFeature(KEYPOINT_TEXT, bytes(ktext));
            f.putFeature(KEYPOINT_NUM, int64(knum));
        }
        if (masks) {
            f.putFeature(MASK, bytes(maskPngs));
        }
        return serialize(Example.newBuilder().setFeatures(f).build());
    }

    /** Fills object {@code a}'s {@code K} keypoint slots from {@code at}; returns how many are labelled. */
    private long keypoints(ObjectAnnotation a, Category c, Frame frame, float[] kx, float[] ky, long[] kv, int at,
                           String what) throws DatasetException {
        double[] kp = a.keypoints();
        Integer offset = layout.offset(c.id());
        if (offset == null) {
            if (kp != null && kp.length > 0) {
                throw new DatasetException(what + ": has keypoints but category " + c.id() + " (" + c.name()
                        + ") has no keypoint names");
            }
            return 0;
        }
        if (kp == null) {
            return 0;
        }
        int size = c.keypoints().size();
        if (kp.length != 3 * size) {
            throw new DatasetException(what + ": " + kp.length + " keypoint numbers but category " + c.id() + " ("
                    + c.name() + ") has " + size + " keypoints (" + 3 * size + " numbers)");
        }
        long labelled = 0;
        for (int j = 0; j < size; j++) {
            double v = kp[3 * j + 2];
            if (v != 0 && v != 1 && v != 2) {
                throw new DatasetException(what + ": keypoint " + (j + 1) + " has visibility " + v + ", not 0, 1 or 2");
            }
            if (v == 0) {
                continue;
            }
            if (!finite(kp[3 * j], kp[3 * j + 1])) {
                throw new DatasetException(what + ": keypoint " + (j + 1) + " is not at finite coordinates");
            }
            double[] s = frame.toStored(kp[3 * j], kp[3 * j + 1]);
            int slot = at + offset + j;
            kx[slot] = (float) (s[0] / frame.storedWidth());
            ky[slot] = (float) (s[1] / frame.storedHeight());
            kv[slot] = (long) v;
            labelled++;
        }
        return labelled;
    }

    /** The object's mask in the displayed frame: its RLE, else its polygons, else empty. */
    private static byte[] mask(ObjectAnnotation a, ImageRecord image, String what) throws DatasetException {
        int w = image.width();
        int h = image.height();
        if (a.rle() != null) {
            try {
                return Masks.fromRle(a.rle(), w, h);
            } catch (IllegalArgumentException e) {
                throw new DatasetException(what + ": segmentation: " + e.getMessage());
            }
        }
        return Masks.rasterize(a.polygons(), w, h);
    }

    /**
     * The file name a record keeps: the dataset's relative name with {@code /} separators, or only the last part
     * of an absolute one (a path on this computer means nothing elsewhere).
     */
    static String recordedFileName(String fileName) {
        String s = fileName.replace('\\', '/');
        boolean absolute = s.startsWith("/") || s.matches("^[A-Za-z]:/.*");
        if (absolute) {
            return s.substring(s.lastIndexOf('/') + 1);
        }
        return s;
    }

    static byte[] serialize(Example example) {
        byte[] out = new byte[example.getSerializedSize()];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        cos.useDeterministicSerialization();
        try {
            example.writeTo(cos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cos.checkNoSpaceLeft();
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }

    private static boolean finite(double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private static Feature bytes(ByteString value) {
        return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(value)).build();
    }

    private static Feature bytes(List<ByteString> values) {
        return Feature.newBuilder().setBytesList(BytesList.newBuilder().addAllValue(values)).build();
    }

    private static Feature int64(long... values) {
        Int64List.Builder b = Int64List.newBuilder();
        for (long v : values) {
            b.addValue(v);
        }
        return Feature.newBuilder().setInt64List(b).build();
    }

    private static Feature floats(float... values) {
        FloatList.Builder b = FloatList.newBuilder();
        for (float v : values) {
            b.addValue(v);
        }
        return Feature.newBuilder().setFloatList(b).build();
    }
}
