package io.fcddspark.ingest;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams an IDX image file and its label file (the MNIST format of LeCun et al., used by MNIST,
 * Fashion-MNIST and EMNIST), gzipped or not, one record at a time: memory is one image.
 *
 * <p>Images: magic {@code 0x00000803} (unsigned bytes, 3 dimensions), then N, rows, cols as
 * big-endian ints, then N&middot;rows&middot;cols bytes. Labels: magic {@code 0x00000801}, N, then
 * N bytes. Every record either file declares becomes an {@link IdxEntry}: an image, or a rejection
 * when the files end early, disagree on N, or the label is not a class index. A header that is not
 * IDX is an {@link IdxFormatException} (the caller rejects the whole pair).
 */
public final class IdxPairReader implements Iterator<IdxEntry>, Closeable {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private final String imagesName;
  private final String labelsName;
  private final int classes;
  private final DataInputStream images;
  private final DataInputStream labels;
  private final int imageCount;
  private final int labelCount;
  private final int rows;
  private final int cols;
  private int next;
  private String truncation;

  /**
   * Opens a pair; reads and checks both headers.
   *
   * @param imagesName the image file's name, for messages
   * @param imageStream its bytes (gzip is detected)
   * @param labelsName the label file's name
   * @param labelStream its bytes
   * @param classes labels must lie in [0, classes)
   * @throws IdxFormatException naming the file and what is wrong with its header
   */
  public IdxPairReader(
      String imagesName,
      InputStream imageStream,
      String labelsName,
      InputStream labelStream,
      int classes)
      throws IOException, IdxFormatException {
    this.imagesName = imagesName;
    this.labelsName = labelsName;
    this.classes = classes;
    this.images = new DataInputStream(Gzip.maybeGunzip(imageStream));
    this.labels = new DataInputStream(Gzip.maybeGunzip(labelStream));
    int[] imageHeader = header(images, imagesName, IMAGES_MAGIC, 3);
    int[] labelHeader = header(labels, labelsName, LABELS_MAGIC, 1);
    this.imageCount = imageHeader[0];
    this.rows = imageHeader[1];
    this.cols = imageHeader[2];
    this.labelCount = labelHeader[0];
    if (rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24) {
      throw new IdxFormatException(
          String.format("%s: image size %dx%d is not a usable image size", imagesName, rows, cols));
    }
  }

  /** Records declared: the larger of the two files' counts (the rest are rejects). */
  public int declared() {
    return Math.max(imageCount, labelCount);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  @Override
  public boolean hasNext() {
    return next < declared();
  }

  @Override
  public IdxEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int index = next++;
    if (index >= imageCount) {
      return new IdxEntry.Rejected(
          index,
          String.format("%s has a label but %s has no image %d", labelsName, imagesName, index));
    }
    if (index >= labelCount) {
      return new IdxEntry.Rejected(
          index,
          String.format("%s has an image but %s has no label %d", imagesName, labelsName, index));
    }
    if (truncation != null) {
      return new IdxEntry.Rejected(index, truncation);
    }
    byte[] pixels = new byte[rows * cols];
    int label;
    try {
      images.readFully(pixels);
    } catch (EOFException e) {
      truncation = String.format("%s ends before record %d of %d", imagesName, index, imageCount);
      return new IdxEntry.Rejected(index, truncation);
    } catch (IOException e) {
      truncation = String.format("%s cannot be read at record %d: %s", imagesName, index, e);
      return new IdxEntry.Rejected(index, truncation);
    }
    try {
      label = labels.readUnsignedByte();
    } catch (EOFException e) {
      truncation = String.format("%s ends before record %d of %d", labelsName, index, labelCount);
      return new IdxEntry.Rejected(index, truncation);
    } catch (IOException e) {
      truncation = String.format("%s cannot be read at record %d: %s", labelsName, index, e);
      return new IdxEntry.Rejected(index, truncation);
    }
    if (label >= classes) {
      return new IdxEntry.Rejected(
          index,
          String.format(
              "%s: label %d of record %d is not a class index in [0, %d)",
              labelsName, label, index, classes));
    }
    return new IdxEntry.Image(index, label, rows, cols, pixels);
  }

  @Override
  public void close() throws IOException {
    try {
      images.close();
    } finally {
      labels.close();
    }
  }

  private static int[] header(DataInputStream in, String name, int magic, int dims)
      throws IOException, IdxFormatException {
    int actual;
    int[] sizes = new int[dims];
    try {
      actual = in.readInt();
      if (actual != magic) {
        throw new IdxFormatException(
            String.format(
                "%s: magic number 0x%08x, expected 0x%08x (IDX, unsigned bytes, %d dimension%s)",
                name, actual, magic, dims, dims == 1 ? "" : "s"));
      }
      for (int d = 0; d < dims; d++) {
        sizes[d] = in.readInt();
        if (sizes[d] < 0) {
          throw new IdxFormatException(
              String.format("%s: dimension %d is negative (%d)", name, d, sizes[d]));
        }
      }
    } catch (EOFException e) {
      throw new IdxFormatException(name + ": file ends inside the IDX header");
    }
    return sizes;
  }
}
