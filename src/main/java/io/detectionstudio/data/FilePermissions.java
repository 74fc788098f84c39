package io.detectionstudio.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written atomically go through a temporary file, which Java creates private ({@code rw-------}). Before the
 * move, give it the permissions of the file it replaces, or {@code rw-r--r--} when new, like a file written in place.
 */
public final class FilePermissions {

    private FilePermissions() {
    }

    public static void likeTarget(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }
}
