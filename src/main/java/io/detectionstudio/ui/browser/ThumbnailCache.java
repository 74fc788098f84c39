package io.detectionstudio.ui.browser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thumbnails decoded most recently, at most {@code capacity} of them: getting or putting one makes it the newest,
 * and putting one more than the capacity forgets the one used longest ago. Safe to use from several threads.
 */
final class ThumbnailCache<K, V> {

    private final int capacity;
    private final Map<K, V> entries;

    ThumbnailCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > ThumbnailCache.this.capacity;
            }
        };
    }

    /** The cached value, made the most recently used; null when absent. */
    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized boolean contains(K key) {
        return entries.containsKey(key);
    }

    synchronized int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    synchronized void clear() {
        entries.clear();
    }
}
