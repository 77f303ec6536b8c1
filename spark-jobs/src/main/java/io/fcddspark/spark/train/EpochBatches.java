package io.fcddspark.spark.train;

import io.fcddspark.ingest.ImageColumns;
import io.fcddspark.ingest.ImageResize;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.preprocess.ConfettiNoise;
import io.fcddspark.preprocess.OutlierExposureSampler;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.random.SampleRandom;
import io.fcddspark.spark.GpuBinder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * The training batches of one epoch, built on the executors: every nominal image, each replaced
 * with the OE sampler's probability by a uniformly drawn OE image (labelled anomalous), in an order
 * shuffled per epoch, transformed by the App. E pipeline and cut into batches.
 *
 * <p>Nominal and OE images get dense indices in the order of their ids, and every draw depends on
 * (seed, epoch, index) only, so an epoch's batches are the same whatever the input partitioning.
 * The OE corpus is joined by index, never collected. Images are decoded (and OE images conformed to
 * the nominal images' channels and size) once, when they are indexed and cached, not every epoch.
 */
public final class EpochBatches implements TrainingEpochs, Serializable {
  private static final long serialVersionUID = 1L;

  /** One sample of an epoch: its nominal index, its pixels in the nominal shape, its label. */
  record Sample(long index, byte[] pixels, byte[] mask, float label) implements Serializable {}

  /** An indexed image: pixels in the nominal shape, and its mask (h&times;w) or null. */
  record Pixels(byte[] image, byte[] mask) implements Serializable {}

  // Driver-side handles: never used inside tasks, so not shipped with them.
  private final transient JavaPairRDD<Long, Pixels> nominal;
  private final transient JavaPairRDD<Long, Pixels> oe;
  private final OutlierExposureSampler sampler;
  private final TrainTransform transform;
  private final Supervision supervision;
  private final int channels;
  private final int height;
  private final int width;
  private final int batchSize;
  private final int partitions;
  private final long size;

  /**
   * Indexes and caches the images (MEMORY_AND_DISK).
   *
   * @param nominalImages ingested rows of the nominal training images
   * @param oeImages ingested rows of the OE corpus, or null for none
   * @param probability the OE replacement probability
   * @param transform the App. E pipeline with fitted constants
   * @param batchSize images per batch
   * @param partitions partitions of an epoch (one batch stream each)
   */
  public EpochBatches(
      Dataset<Row> nominalImages,
      Dataset<Row> oeImages,
      double probability,
      TrainTransform transform,
      int batchSize,
      int partitions) {
    this(
        nominalImages,
        oeImages,
        probability,
        Supervision.OE_SAMPLE_LABELS,
        transform,
        batchSize,
        partitions);
  }

  /**
   * How anomalies are made and labelled.
   *
   * @param confetti replaced samples become their own image with {@link ConfettiNoise} (no OE)
   * @param pixelLabels labels are per-pixel masks [N, h*w] of the output image (all zeros for a
   *     nominal sample, all ones for an OE or synthetic anomaly), else one label per sample [N, 1]
   * @param swapped the nominal images are labelled anomalous and the OE images nominal
   */
  public record Supervision(boolean confetti, boolean pixelLabels, boolean swapped)
      implements Serializable {
    /** OE (if any) with one label per sample. */
    public static final Supervision OE_SAMPLE_LABELS = new Supervision(false, false, false);

    /** Neither swapped nor OE-only: confetti or not, per-pixel labels or not. */
    public Supervision(boolean confetti, boolean pixelLabels) {
      this(confetti, pixelLabels, false);
    }
  }

  /**
   * As the other constructor, with anomalies made and labelled as {@code supervision} says.
   *
   * @param probability the replacement probability (OE or synthetic)
   */
  public EpochBatches(
      Dataset<Row> nominalImages,
      Dataset<Row> oeImages,
      double probability,
      Supervision supervision,
      TrainTransform transform,
      int batchSize,
      int partitions) {
    if (supervision.confetti() && oeImages != null) {
      throw new IllegalArgumentException("Confetti anomalies and an OE corpus exclude each other");
    }
    this.supervision = supervision;
    this.transform = Objects.requireNonNull(transform, "transform");
    this.batchSize = batchSize;
    this.partitions = partitions;
    Row shape =
        nominalImages
            .select(ImageColumns.CHANNELS, ImageColumns.HEIGHT, ImageColumns.WIDTH)
            .first();
    this.channels = shape.getAs(ImageColumns.CHANNELS);
    this.height = shape.getAs(ImageColumns.HEIGHT);
    this.width = shape.getAs(ImageColumns.WIDTH);
    this.nominal = indexed(nominalImages, channels, height, width);
    this.oe = oeImages == null ? null : indexed(oeImages, channels, height, width);
    this.size = nominal.count();
    long oeSize = oe == null ? 0 : oe.count();
    this.sampler = new OutlierExposureSampler(transform.seed(), oeSize, probability);
  }

  /**
   * Dense indices in content-hash order, decoded and conformed to c&times;h&times;w, cached; masks
   * (a {@code mask_png} column, where there is one) decoded and resized to h&times;w by nearest
   * neighbour.
   */
  private static JavaPairRDD<Long, Pixels> indexed(Dataset<Row> images, int c, int h, int w) {
    boolean masks = List.of(images.columns()).contains(ImageColumns.MASK_PNG);
    List<String> columns =
        new ArrayList<>(
            List.of(
                ImageColumns.ID,
                ImageColumns.PNG,
                ImageColumns.CHANNELS,
                ImageColumns.HEIGHT,
                ImageColumns.WIDTH,
                ImageColumns.CONTENT_HASH));
    if (masks) {
      columns.add(ImageColumns.MASK_PNG);
    }
    Dataset<Row> selected =
        images.select(columns.stream().map(functions::col).toArray(Column[]::new));
    // Content order, not id order: ids hash the source path, and moving the data must not change
    // the training (content hashes are unique within an ingested dataset).
    return selected
        .orderBy(ImageColumns.CONTENT_HASH, ImageColumns.ID)
        .javaRDD()
        .zipWithIndex()
        .mapToPair(
            t -> {
              Row r = t._1();
              int rc = r.getAs(ImageColumns.CHANNELS);
              int rh = r.getAs(ImageColumns.HEIGHT);
              int rw = r.getAs(ImageColumns.WIDTH);
              byte[] px = PngCodec.decode(r.getAs(ImageColumns.PNG), rc);
              byte[] mask = null;
              if (masks && !r.isNullAt(r.fieldIndex(ImageColumns.MASK_PNG))) {
                mask = PngCodec.decode(r.getAs(ImageColumns.MASK_PNG), 1);
                if (rh != h || rw != w) {
                  mask = ImageResize.nearest(mask, 1, rh, rw, h, w);
                }
              }
              return new Tuple2<>(
                  t._2(), new Pixels(TrainTransform.conform(px, rc, rh, rw, c, h, w), mask));
            })
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The shape of a training input: channels, height, width after the transform. */
  public int[] inputShape() {
    return new int[] {channels, transform.outputSide(height), transform.outputSide(width)};
  }

  /** How many nominal images an epoch has (its sample count). */
  @Override
  public long size() {
    return size;
  }

  /** The batches of {@code epoch}. */
  @Override
  public JavaRDD<DataSet> epoch(int epoch) {
    OutlierExposureSampler s = sampler;
    long seed = transform.seed();
    JavaRDD<Sample> samples;
    if (supervision.confetti()) {
      int c = channels;
      int h = height;
      int w = width;
      samples =
          nominal.map(
              t ->
                  s.replaces(epoch, t._1())
                      ? new Sample(
                          t._1(),
                          ConfettiNoise.apply(
                              t._2().image(),
                              c,
                              h,
                              w,
                              SampleRandom.of(seed, epoch, t._1(), SampleRandom.Purpose.CONFETTI)),
                          null,
                          1f)
                      : new Sample(t._1(), t._2().image(), null, 0f));
    } else {
      samples =
          nominal
              .filter(t -> s.replacement(epoch, t._1()) < 0)
              .map(t -> new Sample(t._1(), t._2().image(), null, 0f));
    }
    if (oe != null) {
      JavaPairRDD<Long, Long> replaced =
          nominal
              .keys()
              .mapToPair(i -> new Tuple2<>(s.replacement(epoch, i), i))
              .filter(t -> t._1() >= 0);
      samples =
          samples.union(
              replaced
                  .join(oe)
                  .map(t -> new Sample(t._2()._1(), t._2()._2().image(), t._2()._2().mask(), 1f)));
    }
    // A hash partitioner and a sort within partitions, both on a key drawn from (seed, epoch,
    // index): unlike a range partitioner (whose boundaries come from sampling the input), this
    // gives the same partitions and order whatever the input partitioning.
    return samples
        .mapToPair(x -> new Tuple2<>(order(seed, epoch, x.index()), x))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .values()
        .mapPartitions(it -> batches(it, epoch));
  }

  private static long order(long seed, int epoch, long index) {
    return SampleRandom.of(seed, epoch, index, SampleRandom.Purpose.SHUFFLE).nextLong();
  }

  private Iterator<DataSet> batches(Iterator<Sample> samples, int epoch) {
    // The first ND4J work of the task building the pass's batches: bind its thread to its GPU.
    GpuBinder.bindCurrentTask("batches");
    List<DataSet> out = new ArrayList<>();
    List<Sample> batch = new ArrayList<>(batchSize);
    while (samples.hasNext()) {
      batch.add(samples.next());
      if (batch.size() == batchSize || !samples.hasNext()) {
        out.add(toDataSet(batch, epoch));
        batch.clear();
      }
    }
    return out.iterator();
  }

  private DataSet toDataSet(List<Sample> batch, int epoch) {
    int side = transform.outputSide(height);
    int sideW = transform.outputSide(width);
    int per = channels * side * sideW;
    float[] features = new float[batch.size() * per];
    float[] labels = new float[batch.size()];
    for (int b = 0; b < batch.size(); b++) {
      Sample s = batch.get(b);
      float[] x = transform.train(s.pixels(), channels, height, width, epoch, s.index());
      System.arraycopy(x, 0, features, b * per, per);
      labels[b] = supervision.swapped() ? 1f - s.label() : s.label();
    }
    INDArray x = Nd4j.create(features, new long[] {batch.size(), channels, side, sideW}, 'c');
    if (supervision.pixelLabels()) {
      // A labelled anomaly's mask moves with its image; otherwise the whole image is nominal or
      // anomalous: a constant mask.
      INDArray masks = Nd4j.create(DataType.FLOAT, batch.size(), (long) side * sideW);
      for (int b = 0; b < batch.size(); b++) {
        Sample s = batch.get(b);
        if (s.mask() != null) {
          float[] m = transform.trainMask(s.mask(), height, width, epoch, s.index());
          masks.putRow(b, Nd4j.create(m, new long[] {1, m.length}, 'c'));
        } else {
          masks.getRow(b).assign(labels[b]);
        }
      }
      return new DataSet(x, masks);
    }
    return new DataSet(x, Nd4j.create(labels, new long[] {batch.size(), 1}, 'c'));
  }
}
