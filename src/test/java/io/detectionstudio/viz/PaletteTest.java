package io.detectionstudio.viz;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Category;
import java.util.HashSet;
import java.util.Map;
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

    @Test
    void aCustomColorFieldWinsOverTheStableColorOfTheId() {
        Category plain = new Category(3, "duck");
        assertThat(Palette.colorOf(plain)).isEqualTo(Palette.colorOf(3));
        Category custom = new Category(3, "duck", null, null, Map.of(Palette.COLOR_KEY, "#FF8000"));
        assertThat(Palette.colorOf(custom)).isEqualTo(0xFF8000);
        assertThat(Palette.hex(0xFF8000)).isEqualTo("#ff8000");
        assertThat(Palette.hex(0x00000A)).isEqualTo("#00000a");
    }

    @Test
    void aMalformedColorFieldFallsBackToTheIdsColor() {
        for (Object bad : new Object[] {"red", "#12345", "#1234567", 0xFF0000, "#gg0000"}) {
            Category c = new Category(2, "ball", null, null, Map.of(Palette.COLOR_KEY, bad));
            assertThat(Palette.colorOf(c)).as("%s", bad).isEqualTo(Palette.colorOf(2));
        }
    }
}
