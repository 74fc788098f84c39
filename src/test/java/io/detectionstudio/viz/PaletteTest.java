package io.detectionstudio.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void classOneIsAzure() {
        // hue 200, s .85, v .95: chroma .8075, x = .8075 * 2/3 = .53833, m = .1425
        // r = .1425*255 = 36.3 -> 36; g = (.53833+.1425)*255 = 173.6 -> 174; b = .95*255 = 242.25 -> 242
        assertThat(Palette.colorOf(1)).isEqualTo(0x24AEF2);
        assertThat(Palette.colorOf(1)).isEqualTo(Palette.colorOf(1));
    }

    @Test
    void neighbouringClassesGetDistinctColors() {
        Set<Integer> colors = new HashSet<>();
        for (int id = 1; id <= 30; id++) {
            colors.add(Palette.colorOf(id));
        }
        assertThat(colors).hasSize(30);
        assertThat(Palette.hsvToRgb(0, 1, 1)).isEqualTo(0xFF0000);
        assertThat(Palette.hsvToRgb(120, 1, 1)).isEqualTo(0x00FF00);
        assertThat(Palette.hsvToRgb(240, 1, 1)).isEqualTo(0x0000FF);
    }
}
