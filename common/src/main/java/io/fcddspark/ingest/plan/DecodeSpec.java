package io.fcddspark.ingest.plan;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.ImageDecoder;

/**
 * How encoded images are decoded and stored (key {@code decode} of a source).
 *
 * @param channels 1 (grey) or 3 (RGB); default 3
 * @param size side of the stored square image, 0 = native size; default per source type
 * @param resize bilinear, nearest or area; default per source type
 */
public record DecodeSpec(Integer channels, Integer size, ImageDecoder.Resize resize) {
  /** The options, with {@code defaultSize} and {@code defaultResize} where unset. */
  ImageDecoder.Options options(long maxPixels, int defaultSize, ImageDecoder.Resize defaultResize) {
    return new ImageDecoder.Options(
        maxPixels,
        ConfigLoader.orDefault(channels, 3),
        ConfigLoader.orDefault(size, defaultSize),
        ConfigLoader.orDefault(resize, defaultResize));
  }

  static ImageDecoder.Options of(
      DecodeSpec spec, long maxPixels, int defaultSize, ImageDecoder.Resize defaultResize) {
    return (spec == null ? new DecodeSpec(null, null, null) : spec)
        .options(maxPixels, defaultSize, defaultResize);
  }
}
