/**
 * Detection models on TensorFlow Java (graph mode): what the engine trains and what the studio and the
 * command line run. {@link io.detectionstudio.model.Detector} is the inference contract; images go in as
 * {@code BufferedImage}s and {@link io.detectionstudio.core.Detection}s come out, so no caller sees a tensor.
 */
package io.detectionstudio.model;
