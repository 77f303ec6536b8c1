package io.fcddspark.metrics;

import java.util.Arrays;

/**
 * The connected regions (8-connectivity, as the MVTec-AD evaluation's {@code
 * scipy.ndimage.label(mask, np.ones((3, 3)))}) of one binary ground-truth mask: each anomalous
 * pixel gets the number of its region, 1..R in raster order of the regions' first pixels;
 * background pixels get 0.
 *
 * @param labels row-major region number per pixel, 0 for background
 * @param sizes {@code sizes[k - 1]} pixels in region k
 */
public record ConnectedRegions(int[] labels, int[] sizes) {
  /** The regions of a row-major h&times;w mask. */
  public static ConnectedRegions of(boolean[] mask, int height, int width) {
    if (mask.length != height * width) {
      throw new IllegalArgumentException(
          String.format(
              "A %d×%d mask needs %d pixels, got %d", height, width, height * width, mask.length));
    }
    int[] labels = new int[mask.length];
    int[] stack = new int[mask.length];
    int[] sizes = new int[8];
    int regions = 0;
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || labels[start] != 0) {
        continue;
      }
      int label = ++regions;
      int size = 0;
      int top = 0;
      stack[top++] = start;
      labels[start] = label;
      while (top > 0) {
        int p = stack[--top];
        size++;
        int y = p / width;
        int x = p % width;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = y + dy;
          if (yy < 0 || yy >= height) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx;
            int q = yy * width + xx;
            if (xx >= 0 && xx < width && mask[q] && labels[q] == 0) {
              labels[q] = label;
              stack[top++] = q;
            }
          }
        }
      }
      if (regions > sizes.length) {
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
      }
      sizes[regions - 1] = size;
    }
    return new ConnectedRegions(labels, Arrays.copyOf(sizes, regions));
  }

  /** The number of regions R. */
  public int count() {
    return sizes.length;
  }
}
