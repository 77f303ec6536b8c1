package io.fcddspark.ingest;

/**
 * One record of an IDX image/label file pair: an image with its label, or the reason it could not
 * be read. Together they account for every record the files declare.
 */
public sealed interface IdxEntry {
  /** Position of the record in the files, from 0. */
  int index();

  /**
   * A grey image, row-major, one unsigned byte per pixel.
   *
   * @param index position in the files
   * @param label the class index from the label file
   * @param rows image height
   * @param cols image width
   * @param pixels rows&times;cols bytes
   */
  record Image(int index, int label, int rows, int cols, byte[] pixels) implements IdxEntry {}

  /**
   * A record that could not be read.
   *
   * @param index position in the files
   * @param reason what is wrong, naming the file
   */
  record Rejected(int index, String reason) implements IdxEntry {}
}
