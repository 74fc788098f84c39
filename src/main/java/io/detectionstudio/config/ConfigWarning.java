package io.detectionstudio.config;

/**
 * Something in a config file that was read but not used: a field, enum value or extension that Detection
 * Studio's copy of the OD API protos does not define. Printed as one line,
 * {@code pipeline.config:12: model.ssd.foo_bar: not supported by Detection Studio, ignored}.
 *
 * @param file    the file, as the caller named it
 * @param line    1-based line of the field's name
 * @param column  1-based column of the field's name
 * @param path    where in the message: field names from the root joined by dots, with {@code [i]} (0-based)
 *                after repeated message fields, e.g. {@code train_config.data_augmentation_options[2].foo}
 * @param message what happened, e.g. {@code not supported by Detection Studio, ignored}
 */
public record ConfigWarning(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + path + ": " + message;
    }
}
