package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.PreprocessConfig;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** Epoch batches in local[2]: sizes, OE share and shape, and independence from partitioning. */
class EpochBatchesTest {
  private static final TrainTransform TRANSFORM =
      new TrainTransform(PreprocessConfig.defaults().withCrop(8, 1), new MinMaxScaling(-3, 20), 5);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "epoch-batches-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> images(String prefix, int n, int c, int side, int partitions) {
    return images(prefix, prefix, n, c, side, partitions);
  }

  /** Images drawn from {@code content}'s seed, with ids {@code idPrefix-NNNN}. */
  private static Dataset<Row> images(
      String content, String idPrefix, int n, int c, int side, int partitions) {
    List<Row> rows = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(content.hashCode());
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[c * side * side];
      r.nextBytes(px);
      rows.add(ImageRows.row(String.format("%s-%04d", idPrefix, i), c, side, side, px));
    }
    return spark.createDataFrame(rows, ImageRows.SCHEMA).repartition(partitions);
  }

  private static List<String> digest(List<DataSet> batches) {
    List<String> out = new ArrayList<>();
    for (DataSet d : batches) {
      out.add(
          Arrays.hashCode(d.getFeatures().data().asFloat())
              + ":"
              + Arrays.toString(d.getLabels().data().asFloat()));
    }
    return out;
  }

  /** Epoch 1 of the same images under ids with {@code prefix}, in the given partitionings. */
  private static List<String> epochOne(String prefix, int nominalParts, int oeParts) {
    return digest(
        new EpochBatches(
                images("n", prefix + "-n", 120, 1, 8, nominalParts),
                images("oe", prefix + "-oe", 40, 3, 10, oeParts),
                0.5,
                TRANSFORM,
                16,
                4)
            .epoch(1)
            .collect());
  }

  @Test
  void theSameImagesUnderOtherIdsGiveTheSameBatches() {
    // Ingest ids hash the source path: data moved to another folder gets new ids, same content.
    assertThat(epochOne("moved", 2, 3)).isEqualTo(epochOne("here", 3, 2));
  }

  @Test
  void anEpochHasEveryNominalSlotHalfOfThemOutliersInTheNominalShape() {
    EpochBatches batches =
        new EpochBatches(
            images("n", 200, 1, 8, 3), images("oe", 50, 3, 10, 2), 0.5, TRANSFORM, 16, 4);

    List<DataSet> epoch = batches.epoch(0).collect();

    long samples = epoch.stream().mapToLong(DataSet::numExamples).sum();
    double anomalous =
        epoch.stream().mapToDouble(d -> d.getLabels().sumNumber().doubleValue()).sum();
    assertThat(samples).isEqualTo(200);
    assertThat(anomalous).isBetween(70.0, 130.0); // binomial(200, 0.5): 5 sd = 35
    assertThat(epoch).allSatisfy(d -> assertThat(d.numExamples()).isBetween(1, 16));
    assertThat(epoch.get(0).getFeatures().shape())
        .containsExactly(epoch.get(0).numExamples(), 1, 8, 8);
  }

  @Test
  void swappedLabelsMarkTheNominalImagesAnomalousAndTheOeImagesNominal() {
    Dataset<Row> nominal = images("n", 100, 1, 8, 2);
    Dataset<Row> oe = images("oe", 30, 1, 8, 2);
    List<DataSet> plain = new EpochBatches(nominal, oe, 0.5, TRANSFORM, 16, 2).epoch(3).collect();
    List<DataSet> swapped =
        new EpochBatches(
                nominal,
                oe,
                0.5,
                new EpochBatches.Supervision(false, false, true),
                TRANSFORM,
                16,
                2)
            .epoch(3)
            .collect();

    assertThat(swapped).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(swapped.get(i).getFeatures()).isEqualTo(plain.get(i).getFeatures());
      float[] a = plain.get(i).getLabels().data().asFloat();
      float[] b = swapped.get(i).getLabels().data().asFloat();
      for (int k = 0; k < a.length; k++) {
        assertThat(b[k]).isEqualTo(1f - a[k]);
      }
    }
  }

  @Test
  void anEpochDependsOnSeedAndEpochOnlyNotOnPartitioning() {
    EpochBatches a =
        new EpochBatches(images("n", 60, 1, 8, 1), images("oe", 20, 1, 8, 1), 0.5, TRANSFORM, 8, 3);
    EpochBatches b =
        new EpochBatches(images("n", 60, 1, 8, 5), images("oe", 20, 1, 8, 4), 0.5, TRANSFORM, 8, 3);

    List<String> first = digest(a.epoch(2).collect());

    assertThat(digest(a.epoch(2).collect())).isEqualTo(first);
    assertThat(digest(b.epoch(2).collect())).isEqualTo(first);
    assertThat(digest(a.epoch(3).collect())).isNotEqualTo(first);
  }

  @Test
  void withoutOeEverySampleIsNominal() {
    EpochBatches batches = new EpochBatches(images("n", 30, 1, 8, 2), null, 0.5, TRANSFORM, 7, 2);

    List<DataSet> epoch = batches.epoch(0).collect();

    assertThat(epoch.stream().mapToLong(DataSet::numExamples).sum()).isEqualTo(30);
    assertThat(epoch).allSatisfy(d -> assertThat(d.getLabels().sumNumber().doubleValue()).isZero());
  }

  @Test
  void confettiAnomaliesAreTheNominalImagesThemselvesWithAllOnesMasks() {
    TrainTransform identity =
        new TrainTransform(
            PreprocessConfig.defaults()
                .withAugmentation(0.0, List.of())
                .withNormalization(PreprocessConfig.Normalization.NONE),
            null,
            5);
    EpochBatches batches =
        new EpochBatches(
            images("n", 120, 3, 16, 3),
            null,
            0.5,
            new EpochBatches.Supervision(true, true),
            identity,
            16,
            2);

    List<DataSet> epoch = batches.epoch(0).collect();

    long samples = epoch.stream().mapToLong(DataSet::numExamples).sum();
    assertThat(samples).isEqualTo(120);
    long anomalous = 0;
    for (DataSet d : epoch) {
      assertThat(d.getLabels().shape()).containsExactly(d.numExamples(), 16L * 16);
      for (int b = 0; b < d.numExamples(); b++) {
        double rowSum = d.getLabels().getRow(b).sumNumber().doubleValue();
        assertThat(rowSum).isIn(0.0, 256.0);
        anomalous += rowSum > 0 ? 1 : 0;
      }
    }
    assertThat(anomalous).isBetween(40L, 80L);
    assertThat(digest(batches.epoch(1).collect())).isNotEqualTo(digest(epoch));
    assertThat(digest(batches.epoch(0).collect())).isEqualTo(digest(epoch));
  }
}
