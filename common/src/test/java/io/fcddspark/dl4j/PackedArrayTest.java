package io.fcddspark.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.testing.JavaSerialization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PackedArrayTest {
  @Test
  void floatAndDoubleArraysComeBackEqualThroughJavaSerialization() throws Exception {
    Nd4j.getRandom().setSeed(3);
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray a = Nd4j.rand(type, 1, 1000);
      INDArray back =
          PackedArray.unpack((PackedArray) JavaSerialization.roundTrip(PackedArray.of(a)));
      assertThat(back.dataType()).isEqualTo(type);
      assertThat(back.shape()).containsExactly(1, 1000);
      assertThat(back).isEqualTo(a);
    }
  }

  @Test
  void viewsAndFortranOrderArePackedInCOrder() throws Exception {
    INDArray m = Nd4j.arange(24).castTo(DataType.FLOAT).reshape('c', 4, 6);
    INDArray view = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 5));
    assertThat(PackedArray.unpack((PackedArray) JavaSerialization.roundTrip(PackedArray.of(view))))
        .isEqualTo(view);
    INDArray fortran = m.dup('f');
    PackedArray packed = PackedArray.of(fortran);
    assertThat(packed.floats()).startsWith(0f, 1f, 2f, 3f, 4f, 5f, 6f);
    assertThat(PackedArray.unpack(packed)).isEqualTo(m);
  }

  @Test
  void nullStaysNullAndOtherTypesAreRefused() {
    assertThat(PackedArray.of(null)).isNull();
    assertThat(PackedArray.unpack(null)).isNull();
    assertThatThrownBy(() -> PackedArray.of(Nd4j.zeros(DataType.INT32, 3)))
        .hasMessageContaining("not INT");
  }
}
