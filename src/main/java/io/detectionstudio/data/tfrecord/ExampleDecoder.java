package io.detectionstudio.data.tfrecord;

import static io.detectionstudio.data.tfrecord.OdApiKeys.*;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.detectionstudio.proto.tf.Example;
import io.detectionstudio.proto.tf.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one serialized tf.Example with the OD API's keys into a {@link Raw} record, checking its shape: the
 * required keys are there, with the right kind of list, and the per-object lists have one entry per object.
 * Values stay as the record has them (normalized, stored frame); {@link TfRecordFormat} turns them into a dataset.
 */
final class ExampleDecoder {

    private ExampleDecoder() {
    }

    /** What is wrong with a record, one line (without the file and record: the caller adds them). */
    static final class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecord(String message) {
            super(message);
        }
    }

    /**
     * One object as the record has it.
     *
     * @param label     {@code image/object/class/label}, or null when the record has only texts
     * @param text      {@code image/object/class/text}, or null when the record has only labels
     * @param area      {@code image/object/area}, or null when absent
     * @param mask      a PNG, or null when the record has no masks
     * @param maskFloat a numerical mask (height x width floats), or null
     */
    record RawObject(float xmin, float xmax, float ymin, float ymax, Long label, String text, boolean difficult,
                     boolean crowd, Float area, byte[] mask, float[] maskFloat) {
    }

    /**
     * A record's image and objects.
     *
     * @param keypointsPerObject {@code K}; keypoint lists hold {@code K * objects.size()} entries
     * @param keypointX          normalized x, {@code K} per object (empty when {@code K} is 0)
     * @param keypointVisibility COCO visibilities; when the record has none, 2 where the keypoint's coordinates
     *                           are numbers and 0 where they are NaN, as the OD API's decoder does
     * @param keypointNames      {@code image/object/keypoint/text} of the first object, or empty
     */
    record Raw(ByteString encoded, String format, String fileName, String sourceId, int width, int height,
               List<RawObject> objects, int keypointsPerObject, float[] keypointX, float[] keypointY,
               long[] keypointVisibility, List<String> keypointNames) {
    }

    static Raw decode(byte[] serialized) throws BadRecord {
        Example ex;
        try {
            ex = Example.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRecord("not a tf.Example (" + firstLine(e.getMessage()) + ")");
        }
        if (!ex.hasFeatures() && !ex.getUnknownFields().asMap().isEmpty()) {
            throw new BadRecord("not a tf.Example (no features, only unknown fields)");
        }
        Map<String, Feature> f = ex.getFeatures().getFeatureMap();
        List<ByteString> encoded = bytesList(f, IMAGE_ENCODED, true);
        if (encoded.size() != 1) {
            throw new BadRecord(IMAGE_ENCODED + " should hold one image, found " + encoded.size());
        }
        int height = size(f, IMAGE_HEIGHT);
        int width = size(f, IMAGE_WIDTH);
        String format = single(f, IMAGE_FORMAT);
        String fileName = single(f, IMAGE_FILENAME);
        String sourceId = single(f, IMAGE_SOURCE_ID);

        float[] xmin = floats(f, BBOX_XMIN);
        float[] xmax = floats(f, BBOX_XMAX);
        float[] ymin = floats(f, BBOX_YMIN);
        float[] ymax = floats(f, BBOX_YMAX);
        long[] labels = longs(f, CLASS_LABEL);
        List<ByteString> texts = bytesList(f, CLASS_TEXT, false);
        boolean anyBox = xmin != null || xmax != null || ymin != null || ymax != null;
        int n;
        if (anyBox) {
            for (String key : List.of(BBOX_XMIN, BBOX_XMAX, BBOX_YMIN, BBOX_YMAX)) {
                if (!f.containsKey(key)) {
                    throw new BadRecord("missing key " + key + " (the other bbox keys are there)");
                }
            }
            n = xmin.length;
            if (xmax.length != n || ymin.length != n || ymax.length != n) {
                throw new BadRecord("bbox lists of unequal lengths (xmin " + xmin.length + ", xmax " + xmax.length
                        + ", ymin " + ymin.length + ", ymax " + ymax.length + ")");
            }
        } else {
            n = 0;
        }
        if (labels == null && texts.isEmpty() && n > 0) {
            throw new BadRecord("missing key " + CLASS_LABEL + " (and " + CLASS_TEXT + "): " + n
                    + " boxes without classes");
        }
        if (labels != null && labels.length != n) {
            throw new BadRecord(CLASS_LABEL + " has " + labels.length + " entries for " + n + " boxes");
        }
        if (!texts.isEmpty() && texts.size() != n) {
            throw new BadRecord(CLASS_TEXT + " has " + texts.size() + " entries for " + n + " boxes");
        }
        long[] difficult = perObject(longs(f, DIFFICULT), DIFFICULT, n);
        long[] crowd = perObject(longs(f, IS_CROWD), IS_CROWD, n);
        float[] area = perObject(floats(f, AREA), AREA, n);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(xmin[i]) || !Float.isFinite(xmax[i]) || !Float.isFinite(ymin[i])
                    || !Float.isFinite(ymax[i])) {
                throw new BadRecord("object " + i + ": the bbox is not four finite numbers");
            }
        }

        List<byte[]> masks = null;
        float[] maskFloats = null;
        Feature mf = f.get(MASK);
        if (mf != null && mf.getKindCase() == Feature.KindCase.FLOAT_LIST) {
            maskFloats = floats(f, MASK);
            long expected = (long) n * width * height;
            if (maskFloats.length != expected) {
                throw new BadRecord(MASK + " holds " + maskFloats.length + " numbers, not " + n + " masks of "
                        + width + "x" + height);
            }
        } else {
            List<ByteString> pngs = bytesList(f, MASK, false);
            if (!pngs.isEmpty() || (mf != null && n == 0)) {
                if (pngs.size() != n) {
                    throw new BadRecord(MASK + " has " + pngs.size() + " masks for " + n + " boxes");
                }
                masks = new ArrayList<>(n);
                for (ByteString b : pngs) {
                    masks.add(b.toByteArray());
                }
            }
        }

        float[] kx = floats(f, KEYPOINT_X);
        float[] ky = floats(f, KEYPOINT_Y);
        long[] kv = longs(f, KEYPOINT_VISIBILITY);
        int k = 0;
        List<String> kNames = List.of();
        if (kx != null || ky != null) {
            if (kx == null || ky == null) {
                throw new BadRecord("missing key " + (kx == null ? KEYPOINT_X : KEYPOINT_Y)
                        + " (the other keypoint coordinates are there)");
            }
            if (kx.length != ky.length || (kv != null && kv.length != kx.length)) {
                throw new BadRecord("keypoint lists of unequal lengths (x " + kx.length + ", y " + ky.length
                        + (kv == null ? "" : ", visibility " + kv.length) + ")");
            }
            if (n == 0 && kx.length > 0) {
                throw new BadRecord(kx.length + " keypoints but no boxes");
            }
            if (n > 0 && kx.length % n != 0) {
                throw new BadRecord(kx.length + " keypoints for " + n + " boxes: not the same number for every object");
            }
            k = n == 0 ? 0 : kx.length / n;
            if (kv == null) {
                kv = new long[kx.length];
                for (int i = 0; i < kv.length; i++) {
                    kv[i] = Float.isNaN(kx[i]) || Float.isNaN(ky[i]) ? 0 : 2;
                }
            }
            List<ByteString> kt = bytesList(f, KEYPOINT_TEXT, false);
            if (k > 0 && kt.size() >= k) {
                List<String> names = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    names.add(kt.get(i).toStringUtf8());
                }
                kNames = List.copyOf(names);
            }
        } else if (kv != null && kv.length > 0) {
            throw new BadRecord("missing keys " + KEYPOINT_X + " and " + KEYPOINT_Y + " (visibilities are there)");
        }

        List<RawObject> objects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            objects.add(new RawObject(xmin[i], xmax[i], ymin[i], ymax[i], labels == null ? null : labels[i],
                    texts.isEmpty() ? null : texts.get(i).toStringUtf8(), difficult != null && difficult[i] != 0,
                    crowd != null && crowd[i] != 0, area == null ? null : area[i], masks == null ? null : masks.get(i),
                    maskFloats == null ? null : slice(maskFloats, i, width * height)));
        }
        return new Raw(encoded.get(0), format, fileName, sourceId, width, height, objects, k,
                k == 0 ? new float[0] : kx, k == 0 ? new float[0] : ky, k == 0 ? new long[0] : kv, kNames);
    }

    private static float[] slice(float[] all, int i, int size) {
        float[] out = new float[size];
        System.arraycopy(all, i * size, out, 0, size);
        return out;
    }

    /** A per-object list: null when absent or empty, else it must have {@code n} entries. */
    private static long[] perObject(long[] values, String key, int n) throws BadRecord {
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length != n) {
            throw new BadRecord(key + " has " + values.length + " entries for " + n + " boxes");
        }
        return values;
    }

    private static float[] perObject(float[] values, String key, int n) throws BadRecord {
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length != n) {
            throw new BadRecord(key + " has " + values.length + " entries for " + n + " boxes");
        }
        return values;
    }

    private static int size(Map<String, Feature> f, String key) throws BadRecord {
        long[] v = longs(f, key);
        if (v == null) {
            throw new BadRecord("missing key " + key);
        }
        if (v.length != 1) {
            throw new BadRecord(key + " should hold one number, found " + v.length);
        }
        if (v[0] < 1 || v[0] > Integer.MAX_VALUE) {
            throw new BadRecord(key + " is " + v[0] + ", not a size in pixels");
        }
        return (int) v[0];
    }

    /** The first value of a bytes key as UTF-8, or null when absent or empty. */
    private static String single(Map<String, Feature> f, String key) throws BadRecord {
        List<ByteString> v = bytesList(f, key, false);
        return v.isEmpty() ? null : v.get(0).toStringUtf8();
    }

    private static List<ByteString> bytesList(Map<String, Feature> f, String key, boolean required) throws BadRecord {
        Feature feature = f.get(key);
        if (feature == null) {
            if (required) {
                throw new BadRecord("missing key " + key);
            }
            return List.of();
        }
        return switch (feature.getKindCase()) {
            case BYTES_LIST -> feature.getBytesList().getValueList();
            case KIND_NOT_SET -> List.of();
            default -> throw wrongKind(key, "bytes", feature);
        };
    }

    /** A float key's values, or null when absent. */
    private static float[] floats(Map<String, Feature> f, String key) throws BadRecord {
        Feature feature = f.get(key);
        if (feature == null) {
            return null;
        }
        return switch (feature.getKindCase()) {
            case FLOAT_LIST -> {
                List<Float> v = feature.getFloatList().getValueList();
                float[] out = new float[v.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = v.get(i);
                }
                yield out;
            }
            case KIND_NOT_SET -> new float[0];
            default -> throw wrongKind(key, "float", feature);
        };
    }

    /** An int64 key's values, or null when absent. */
    private static long[] longs(Map<String, Feature> f, String key) throws BadRecord {
        Feature feature = f.get(key);
        if (feature == null) {
            return null;
        }
        return switch (feature.getKindCase()) {
            case INT64_LIST -> {
                List<Long> v = feature.getInt64List().getValueList();
                long[] out = new long[v.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = v.get(i);
                }
                yield out;
            }
            case KIND_NOT_SET -> new long[0];
            default -> throw wrongKind(key, "int64", feature);
        };
    }

    private static BadRecord wrongKind(String key, String expected, Feature feature) {
        String found = switch (feature.getKindCase()) {
            case BYTES_LIST -> "bytes";
            case FLOAT_LIST -> "float";
            case INT64_LIST -> "int64";
            default -> "empty";
        };
        return new BadRecord(key + " should be " + article(expected) + " list, found " + article(found) + " list");
    }

    private static String article(String kind) {
        return (kind.startsWith("i") || kind.startsWith("e") ? "an " : "a ") + kind;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
