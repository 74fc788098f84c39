package io.detectionstudio.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Unmodelled JSON fields, kept in file order: plain maps, lists, strings, numbers, booleans, nulls. */
final class Extras {

    private Extras() {
    }

    static Map<String, Object> copy(Map<String, Object> extras) {
        return extras == null || extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }
}
