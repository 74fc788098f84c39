package io.detectionstudio.model.checkpoint;

import org.tensorflow.proto.DataType;

/** TensorFlow's data types by the names Python gives them ({@code tf.float32.name}), and their widths. */
final class Dtypes {

    private Dtypes() {
    }

    /** The Python name of a dtype ({@code float32}, {@code int64}, {@code string}...); unknown values as {@code dtype(N)}. */
    static String name(DataType type, int rawValue) {
        return switch (type) {
            case DT_FLOAT -> "float32";
            case DT_DOUBLE -> "float64";
            case DT_HALF -> "float16";
            case DT_BFLOAT16 -> "bfloat16";
            case DT_INT8 -> "int8";
            case DT_INT16 -> "int16";
            case DT_INT32 -> "int32";
            case DT_INT64 -> "int64";
            case DT_UINT8 -> "uint8";
            case DT_UINT16 -> "uint16";
            case DT_UINT32 -> "uint32";
            case DT_UINT64 -> "uint64";
            case DT_BOOL -> "bool";
            case DT_STRING -> "string";
            case DT_COMPLEX64 -> "complex64";
            case DT_COMPLEX128 -> "complex128";
            case DT_QINT8 -> "qint8";
            case DT_QUINT8 -> "quint8";
            case DT_QINT16 -> "qint16";
            case DT_QUINT16 -> "quint16";
            case DT_QINT32 -> "qint32";
            case DT_RESOURCE -> "resource";
            case DT_VARIANT -> "variant";
            case DT_FLOAT8_E5M2 -> "float8_e5m2";
            case DT_FLOAT8_E4M3FN -> "float8_e4m3fn";
            case DT_INT4 -> "int4";
            case DT_UINT4 -> "uint4";
            case DT_INVALID -> "invalid";
            default -> "dtype(" + rawValue + ")";
        };
    }

    /**
     * Bytes per element as TensorFlow stores the type in a bundle's data file (raw memory, little-endian
     * unless the header says otherwise); 0 for types of variable width (string, variant, resource) or whose
     * width this reader does not check.
     */
    static int width(DataType type) {
        return switch (type) {
            case DT_BOOL, DT_INT8, DT_UINT8, DT_QINT8, DT_QUINT8, DT_FLOAT8_E5M2, DT_FLOAT8_E4M3FN -> 1;
            case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16, DT_QINT16, DT_QUINT16 -> 2;
            case DT_FLOAT, DT_INT32, DT_UINT32, DT_QINT32 -> 4;
            case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
            case DT_COMPLEX128 -> 16;
            default -> 0;
        };
    }
}
