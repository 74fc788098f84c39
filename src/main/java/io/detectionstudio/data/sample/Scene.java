package io.detectionstudio.data.sample;

import java.util.List;

/**
 * Everything one generated image is made of, as plain parameters: a background, sprites in drawing order
 * (later ones are drawn over earlier ones) and the scene lighting. Rendering a scene is a pure function of
 * it, so a test can render the same scene again, with or without one sprite, and compare.
 */
record Scene(int width, int height, Backgrounds.Background background, List<Sprite> sprites, Lighting lighting) {

    Scene {
        sprites = List.copyOf(sprites);
    }

    /**
     * The light and the camera's look.
     *
     * @param lightX   x of the unit vector from the scene towards the light (image axes, y down)
     * @param lightY   y of that vector; shading is brighter on that side and shadows fall on the other
     * @param gain     overall exposure
     * @param gradient how much brighter the side towards the light is (fraction across the image)
     * @param tintR    white balance multiplier, red
     * @param tintG    white balance multiplier, green
     * @param tintB    white balance multiplier, blue
     * @param vignette darkening of the corners (fraction)
     * @param noise    sensor noise, standard deviation in 8-bit levels
     * @param noiseSeed seed of the sensor noise
     */
    record Lighting(double lightX, double lightY, double gain, double gradient, double tintR, double tintG, double tintB,
                    double vignette, double noise, long noiseSeed) {
    }
}
