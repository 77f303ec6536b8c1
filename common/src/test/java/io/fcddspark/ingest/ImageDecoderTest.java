package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The decoder on the fault corpus, every fixture built here. */
class ImageDecoderTest {
  private static final ImageDecoder.Options RGB = new ImageDecoder.Options(100_000_000, 3, 0);
  private static final ImageDecoder.Options GREY = new ImageDecoder.Options(100_000_000, 1, 0);

  @Test
  void rgbPngIsExact() throws Exception {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0x102030);
    img.setRGB(2, 1, 0xff8001);
    ImageDecoder.Decoded d = ImageDecoder.decode(encode(img, "png"), RGB);
    assertThat(d.format()).isEqualTo("png");
    assertThat(d.height()).isEqualTo(2);
    assertThat(d.width()).isEqualTo(3);
    assertThat(Arrays.copyOfRange(d.pixels(), 0, 3)).containsExactly(0x10, 0x20, 0x30);
    assertThat(Arrays.copyOfRange(d.pixels(), 15, 18)).containsExactly((byte) 0xff, (byte) 0x80, 1);
  }

  @Test
  void greyStaysExactAndBecomesRgbByReplication() throws Exception {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, 17);
    img.getRaster().setSample(1, 0, 0, 200);
    byte[] png = encode(img, "png");
    assertThat(ImageDecoder.decode(png, GREY).pixels()).containsExactly(17, (byte) 200);
    assertThat(ImageDecoder.decode(png, RGB).pixels())
        .containsExactly(17, 17, 17, (byte) 200, (byte) 200, (byte) 200);
  }

  @Test
  void sixteenBitPngKeepsTheHighByte() throws Exception {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSample(0, 0, 0, 0xABCD);
    assertThat(ImageDecoder.decode(encode(img, "png"), GREY).pixels()).containsExactly((byte) 0xAB);
  }

  @Test
  void alphaIsDropped() throws Exception {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x80112233);
    assertThat(ImageDecoder.decode(encode(img, "png"), RGB).pixels())
        .containsExactly(0x11, 0x22, 0x33);
  }

  @Test
  void jpegDecodesAndATruncatedOneIsRejected() throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
      }
    }
    byte[] jpeg = encode(img, "jpeg");
    ImageDecoder.Decoded d = ImageDecoder.decode(jpeg, RGB);
    assertThat(d.format()).isEqualTo("jpeg");
    assertThat(d.width()).isEqualTo(64);
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
    assertThatThrownBy(() -> ImageDecoder.decode(cut, RGB))
        .isInstanceOf(ImageRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("damaged jpeg", "corrupt image"));
  }

  @Test
  void emptyNonImageAndBombAreRejectedWithReasons() throws Exception {
    assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], RGB))
        .hasMessage("empty file (0 bytes)");
    assertThatThrownBy(
            () -> ImageDecoder.decode("hello, world".getBytes(StandardCharsets.US_ASCII), RGB))
        .hasMessage("not an image: no decoder recognises its first bytes 68656c6c6f2c2077");
    byte[] big = encode(new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY), "png");
    assertThatThrownBy(() -> ImageDecoder.decode(big, new ImageDecoder.Options(100_000, 1, 0)))
        .hasMessage(
            "png of 400x300 = 120000 pixels exceeds the limit of 100000 (decompression-bomb guard)");
    byte[] bomb = TestImages.bombPng(100_000, 100_000); // 10^10 pixels in 100 bytes
    assertThatThrownBy(() -> ImageDecoder.decode(bomb, RGB))
        .hasMessage(
            "png of 100000x100000 = 10000000000 pixels exceeds the limit of 100000000"
                + " (decompression-bomb guard)");
  }

  @Test
  void resizesBilinearlyToTheConfiguredSide() throws Exception {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 4; y++) {
        img.getRaster().setSample(x, y, 0, x < 2 ? 0 : 200);
      }
    }
    ImageDecoder.Decoded d =
        ImageDecoder.decode(encode(img, "png"), new ImageDecoder.Options(1000, 1, 2));
    assertThat(d.width()).isEqualTo(2);
    assertThat(d.pixels()).containsExactly(0, (byte) 200, 0, (byte) 200);
    assertThat(ImageResize.bilinear(new byte[] {0, 100}, 1, 1, 2, 1, 4))
        .containsExactly(0, 25, 75, 100);
  }

  @Test
  void badOptionsNameTheKey() {
    assertThatThrownBy(() -> new ImageDecoder.Options(0, 3, 0))
        .hasMessage("Cannot set maxPixels to 0, it must be >= 1");
    assertThatThrownBy(() -> new ImageDecoder.Options(10, 4, 0))
        .hasMessage("Cannot set channels to 4, it must be 1 or 3");
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws Exception {
    // 100 % cyan; the JDK's own reader cannot convert CMYK.
    byte[] jpeg = TestImages.cmykJpeg(8, 6, new int[] {0, 255, 255, 255});

    ImageDecoder.Decoded d = ImageDecoder.decode(jpeg, RGB);

    assertThat(d.format()).isEqualTo("jpeg");
    assertThat(d.channels()).isEqualTo(3);
    assertThat(d.width()).isEqualTo(8);
    for (int p = 0; p < 8 * 6; p++) {
      assertThat(Byte.toUnsignedInt(d.pixels()[3 * p])).isLessThan(16);
      assertThat(Byte.toUnsignedInt(d.pixels()[3 * p + 1])).isGreaterThan(239);
      assertThat(Byte.toUnsignedInt(d.pixels()[3 * p + 2])).isGreaterThan(239);
    }
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).isTrue();
    return out.toByteArray();
  }
}
