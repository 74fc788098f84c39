package io.detectionstudio.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.prefs.Preferences;
import javafx.application.Application;

/**
 * The studio's look: AtlantaFX's Primer theme, light or dark (View &gt; Dark Theme, remembered in the user's
 * preferences), under {@code studio.css}.
 */
public final class Theme {

    private static final String DARK = "darkTheme";
    private static boolean dark;

    private Theme() {
    }

    /** Whether the dark theme is on: the last choice made, or the user's remembered one before any. */
    public static boolean isDark() {
        return dark || prefs().getBoolean(DARK, false);
    }

    /** Sets the application's theme (FX thread) and remembers the choice. */
    public static void apply(boolean useDark) {
        dark = useDark;
        Application.setUserAgentStylesheet(useDark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        prefs().putBoolean(DARK, useDark);
    }

    private static Preferences prefs() {
        return Preferences.userNodeForPackage(Theme.class);
    }
}
