package io.detectionstudio.data.edit;

import io.detectionstudio.data.AtomicFiles;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ObjectAnnotation;
import java.nio.file.Path;

/**
 * Run by {@link AutosaverTest} in a separate JVM that it kills: saves version after version of a large dataset
 * (version k holds annotations 1..k) back to back, the way the autosaver writes, so that a kill almost surely lands
 * in the middle of a write. Prints "first save" once one version is on disk.
 */
public final class AutosaveCrashChild {

    private AutosaveCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Dataset d = AutosaverTest.dataset(20_000);
        byte[][] versions = new byte[8][];
        for (int k = 0; k < versions.length; k++) {
            d.annotations().add(new ObjectAnnotation(k + 1, 1 + k, 1, new CocoBox(1, 2, 30, 40)));
            versions[k] = Autosaver.snapshot(d);
        }
        Path file = Path.of(args[0]);
        for (int i = 0; ; i++) {
            AtomicFiles.write(versions[i % versions.length], file);
            if (i == 0) {
                System.out.println("first save");
                System.out.flush();
            }
        }
    }
}
