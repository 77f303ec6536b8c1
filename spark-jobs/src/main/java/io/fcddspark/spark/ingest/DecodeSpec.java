package io.fcddspark.spark.ingest;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.ImageDecoder;
import java.util.Locale;

/**
 * How encoded images are decoded and stored (key {@code decode} of a source).
 *
 * @param channels 1 (grey) or 3 (RGB); default 3
 * @param size side of the stored square image, 0 = native size; default per source type
 * @param resize "bilinear", "nearest" or "area"; default per source type
 */
public record DecodeSpec(Integer channels, Integer size, String resize) {
  /** The options, with {@code defaultSize} and {@code defaultResize} where unset. */
  ImageDecoder.Options options(long maxPixels, int defaultSize, ImageDecoder.Resize defaultResize) {
    ImageDecoder.Resize r = defaultResize;
    if (resize != null) {
      try {
        r = ImageDecoder.Resize.valueOf(resize.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "Cannot set decode.resize to '" + resize + "', it must be bilinear, nearest or area",
            e);
      }
    }
    return new ImageDecoder.Options(
        maxPixels,
        ConfigLoader.orDefault(channels, 3),
        ConfigLoader.orDefault(size, defaultSize),
        r);
  }

  static ImageDecoder.Options of(
      DecodeSpec spec, long maxPixels, int defaultSize, ImageDecoder.Resize defaultResize) {
    return (spec == null ? new DecodeSpec(null, null, null) : spec)
        .options(maxPixels, defaultSize, defaultResize);
  }
}
