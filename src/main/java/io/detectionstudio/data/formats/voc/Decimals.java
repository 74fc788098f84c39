package io.detectionstudio.data.formats.voc;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Exact decimal arithmetic for box corners: a double is taken as the shortest decimal that reads back as it
 * ({@link Double#toString}), so adding and subtracting in decimal and parsing the result gives back exactly the
 * double that went in. Only plain decimal numbers are accepted: no NaN, infinities, hex or type suffixes.
 */
final class Decimals {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,4})?");

    /** The largest coordinate accepted: beyond it a number is not a pixel position of any image. */
    static final BigDecimal LIMIT = BigDecimal.valueOf(1_000_000_000);

    private Decimals() {
    }

    static BigDecimal of(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        return new BigDecimal(Double.toString(v));
    }

    /** The number in {@code text}, or null when it is not a plain decimal number. */
    static BigDecimal parse(String text) {
        String t = text.strip();
        return NUMBER.matcher(t).matches() ? new BigDecimal(t) : null;
    }

    /** Without trailing zeros or exponent: {@code 12}, {@code 504.1}, {@code 0}. */
    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }
}
