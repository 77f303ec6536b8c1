package io.fcddspark.dl4j;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J array as a plain Java array, for Java serialization in bulk: ND4J's own serialization
 * writes one float at a time through a {@code DataOutputStream} and reads each back boxed, which
 * takes about half a second for VGG11-BN's parameters and Adam state (54 MB) on each side of every
 * transfer between executors and driver. Float and double arrays only; C order.
 *
 * @param shape the array's shape
 * @param floats its values for a float array, else null
 * @param doubles its values for a double array, else null
 */
public record PackedArray(long[] shape, float[] floats, double[] doubles) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code array}'s values, or null for null. */
  public static PackedArray of(INDArray array) {
    if (array == null) {
      return null;
    }
    INDArray c =
        array.isView() || array.ordering() != 'c' || array.data().length() != array.length()
            ? array.dup('c')
            : array;
    return switch (c.dataType()) {
      case FLOAT -> new PackedArray(c.shape(), c.data().asFloat(), null);
      case DOUBLE -> new PackedArray(c.shape(), null, c.data().asDouble());
      default ->
          throw new IllegalArgumentException(
              "Only float and double arrays are packed, not " + c.dataType());
    };
  }

  /** A new ND4J array of these values, or null for null. */
  public static INDArray unpack(PackedArray packed) {
    if (packed == null) {
      return null;
    }
    return packed.floats != null
        ? Nd4j.create(packed.floats, packed.shape, 'c')
        : Nd4j.create(packed.doubles, packed.shape, 'c');
  }
}
