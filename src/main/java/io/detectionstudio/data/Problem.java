package io.detectionstudio.data;

/**
 * One thing wrong with a dataset, as one line: the file, where in it, and what is wrong, e.g.
 * {@code annotations.coco.json: annotations[3] (id 4): category_id 7 is not a category}.
 *
 * @param file     the file the problem is in (a JSON file or an image), as the user named it
 * @param location where in the file ({@code images[2]}, {@code annotations[0].bbox}), or empty
 * @param message  what is wrong
 */
public record Problem(String file, String location, String message) {

    @Override
    public String toString() {
        return location == null || location.isEmpty() ? file + ": " + message : file + ": " + location + ": " + message;
    }
}
