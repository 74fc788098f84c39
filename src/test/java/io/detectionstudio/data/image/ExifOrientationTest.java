package io.detectionstudio.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    @Test
    void tagValuesMapOneToOneAndOutOfRangeMeansNormal() {
        for (int tag = 1; tag <= 8; tag++) {
            assertThat(ExifOrientation.fromTag(tag).tagValue()).isEqualTo(tag);
        }
        assertThat(ExifOrientation.fromTag(0)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.fromTag(9)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.fromTag(-1)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.fromTag(6)).isEqualTo(ExifOrientation.ROTATE_90_CW);
        assertThat(ExifOrientation.fromTag(8)).isEqualTo(ExifOrientation.ROTATE_270_CW);
    }

    @Test
    void onlyOrientationsFiveToEightSwapWidthAndHeight() {
        for (ExifOrientation o : ExifOrientation.values()) {
            assertThat(o.swapsWidthAndHeight()).as(o.name()).isEqualTo(o.tagValue() >= 5);
        }
    }
}
