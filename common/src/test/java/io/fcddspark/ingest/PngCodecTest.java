package io.fcddspark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PngCodecTest {

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void roundTripsLosslessly(int channels) {
    byte[] pixels = new byte[channels * 7 * 5];
    new Random(channels).nextBytes(pixels);
    byte[] png = PngCodec.encode(channels, 7, 5, pixels);
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(PngCodec.decode(png, channels)).containsExactly(pixels);
  }

  @Test
  void idsAndHashesDependOnlyOnTheInput() {
    assertThat(StableIds.id("hdfs:///a/train.idx", "17"))
        .isEqualTo(StableIds.id("hdfs:///a/train.idx", "17"))
        .isNotEqualTo(StableIds.id("hdfs:///a/train.idx", "18"))
        .hasSize(32);
    byte[] px = {1, 2, 3, 4};
    assertThat(StableIds.contentHash(1, 2, 2, px))
        .isEqualTo(StableIds.contentHash(1, 2, 2, px.clone()));
    assertThat(StableIds.contentHash(1, 2, 2, px)).isNotEqualTo(StableIds.contentHash(1, 1, 4, px));
  }

  @Test
  void badShapesAreNamed() {
    assertThatThrownBy(() -> PngCodec.encode(1, 2, 2, new byte[3]))
        .hasMessage("Cannot encode 1x2x2 image from 3 bytes");
    assertThatThrownBy(() -> PngCodec.encode(4, 1, 1, new byte[4]))
        .hasMessage("PNG images here have 1 or 3 channels, got 4");
    assertThatThrownBy(() -> PngCodec.decode(new byte[] {1, 2, 3}, 1))
        .hasMessage("Not a PNG image (3 bytes)");
  }
}
