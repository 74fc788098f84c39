package io.detectionstudio.cli;

import picocli.CommandLine;

/** The honest answer of a verb whose engine is not in this build yet: say so, do nothing, exit 3. */
final class NotAvailable {

    private NotAvailable() {
    }

    static int report(CommandLine.Model.CommandSpec spec, String what) {
        spec.commandLine().getErr().println("detection-studio " + spec.name() + ": not available yet: " + what
                + " is not in this build. Nothing was done.");
        return Cli.NOT_AVAILABLE;
    }
}
