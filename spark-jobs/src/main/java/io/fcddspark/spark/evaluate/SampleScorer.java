package io.fcddspark.spark.evaluate;

import static io.fcddspark.ingest.ImageColumns.CHANNELS;
import static io.fcddspark.ingest.ImageColumns.CLASS_INDEX;
import static io.fcddspark.ingest.ImageColumns.DEFECT;
import static io.fcddspark.ingest.ImageColumns.HEIGHT;
import static io.fcddspark.ingest.ImageColumns.ID;
import static io.fcddspark.ingest.ImageColumns.MASK_PNG;
import static io.fcddspark.ingest.ImageColumns.PNG;
import static io.fcddspark.ingest.ImageColumns.WIDTH;

import io.fcddspark.config.ConfigException;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.nets.ImageShape;
import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.GpuBinder;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.LabelledAnomalies;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores the test images of one class's dataset with a trained model on the executors: each task
 * restores the model once from a broadcast copy, applies the test transform with the model's stored
 * constants, and computes each image's anomaly score (FCDD: mean of the heatmap; HSC: of the
 * feature vector). One-vs-rest datasets: every other class is anomalous; MVTec-AD (images with a
 * defect): the nominal object's defective images are. Images the model was trained on as labelled
 * anomalies ({@code labelled-anomalies.json} beside the model) are left out.
 */
public final class SampleScorer {
  /**
   * The scores' schema: id, class index, anomalous (0/1), score; the u&times;v heatmap A (the
   * pseudo-Huber of the network's output, row-major, null for the HSC head) and its size; the
   * stored image's size and its ground-truth mask (PNG, null where the image has none).
   */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("class_index", DataTypes.IntegerType)
          .add("anomalous", DataTypes.LongType)
          .add("score", DataTypes.DoubleType)
          .add("heatmap", DataTypes.createArrayType(DataTypes.FloatType, false))
          .add("heatmap_height", DataTypes.IntegerType)
          .add("heatmap_width", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("width", DataTypes.IntegerType)
          .add("mask_png", DataTypes.BinaryType);

  /** Images per forward pass: at most 256, and at most 2^21 input values (VGG11-BN at 224: 13). */
  private static final int BATCH = 256;

  private static final int BATCH_VALUES = 1 << 21;

  private final SparkSession spark;

  public SampleScorer(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The scores of {@code config}'s test split with the model {@code modelDir/name} (e.g. the
   * output's "model", or "snapshots/epoch-00010").
   */
  public Dataset<Row> score(TrainConfig config, String modelDir, String name) {
    return score(config, config.data().input(), modelDir, name);
  }

  /**
   * As {@link #score(TrainConfig, String, String)}, with the test split read from {@code input}.
   */
  public Dataset<Row> score(TrainConfig config, String input, String modelDir, String name) {
    TrainConfig.Data d = config.data();
    return score(
        config,
        new TrainConfig.Data(
            input,
            d.dataset(),
            d.nominalClass(),
            d.trainSplit(),
            d.testSplit(),
            d.labelledAnomalies()),
        modelDir,
        name);
  }

  /**
   * The scores of {@code test}'s test split (its dataset, split and nominal class say which images
   * are anomalous) with the model {@code modelDir/name} trained by {@code config}.
   */
  public Dataset<Row> score(
      TrainConfig config, TrainConfig.Data test, String modelDir, String name) {
    Dataset<Row> images = new TrainingData(spark).testImages(test);
    if (images.isEmpty()) {
      throw new ConfigException(
          String.format(
              "No test images of dataset '%s', split '%s' under %s",
              test.dataset(), test.testSplit(), test.input()));
    }
    List<String> labelled = labelledAnomalies(config.output());
    if (!labelled.isEmpty()) {
      Dataset<Row> ids = spark.createDataset(labelled, Encoders.STRING()).toDF("id");
      images =
          images.join(
              functions.broadcast(ids), images.col("id").equalTo(ids.col("id")), "left_anti");
    }
    return scoreImages(config, modelDir, name, images, test.nominalClass());
  }

  /**
   * The scores of any ingested images (columns id, class_index, png, channels, height, width,
   * defect, mask_png) with the model {@code modelDir/name} trained by {@code config}; {@code
   * anomalous} compares each image's class with {@code nominal} (meaningless for unlabelled
   * images).
   */
  public Dataset<Row> scoreImages(
      TrainConfig config, String modelDir, String name, Dataset<Row> images, int nominal) {
    ModelStore store =
        new ModelStore(new HadoopFileStore(spark.sparkContext().hadoopConfiguration()));
    ModelStore.Stored stored = store.read(modelDir, name);
    ModelMetadata meta = stored.metadata();
    if (!meta.fingerprint().equals(config.trainingFingerprint())) {
      throw new IllegalArgumentException(
          String.format(
              "Model %s/%s was trained with another config (fingerprint %s, this config's is %s)",
              modelDir, name, meta.fingerprint(), config.trainingFingerprint()));
    }
    boolean vector = isHsc(stored.net());
    TrainTransform transform =
        new TrainTransform(config.preprocess(), meta.scaling(), config.seed());
    Broadcast<byte[]> shared =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(stored.bytes());
    ImageShape netInput = config.architecture().input();
    return spark.createDataFrame(
        images
            .select(ID, CLASS_INDEX, PNG, CHANNELS, HEIGHT, WIDTH, DEFECT, MASK_PNG)
            .javaRDD()
            .mapPartitions(
                rows ->
                    scorePartition(
                        rows,
                        shared.value(),
                        transform,
                        new TestLabels(nominal, config.swapLabels()),
                        vector,
                        netInput)),
        SCHEMA);
  }

  private static Iterator<Row> scorePartition(
      Iterator<Row> rows,
      byte[] model,
      TrainTransform transform,
      TestLabels labels,
      boolean vector,
      ImageShape input)
      throws IOException {
    GpuBinder.bindCurrentTask("score");
    MultiLayerNetwork net;
    try (InputStream in = new ByteArrayInputStream(model)) {
      net = NetworkLayout.forThisBackend(ModelSerializer.restoreMultiLayerNetwork(in, false));
    }
    FcddObjective.Reduction reduction =
        vector ? FcddObjective.Reduction.VECTOR_NORM : FcddObjective.Reduction.HEATMAP_MEAN;
    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>(BATCH);
    while (rows.hasNext()) {
      batch.add(rows.next());
      Row first = batch.get(0);
      int per =
          first.<Integer>getAs(CHANNELS)
              * first.<Integer>getAs(HEIGHT)
              * first.<Integer>getAs(WIDTH);
      if (batch.size() >= Math.max(1, Math.min(BATCH, BATCH_VALUES / per)) || !rows.hasNext()) {
        scoreBatch(batch, net, transform, labels, reduction, input, out);
        batch.clear();
      }
    }
    return out.iterator();
  }

  private static void scoreBatch(
      List<Row> batch,
      MultiLayerNetwork net,
      TrainTransform transform,
      TestLabels labels,
      FcddObjective.Reduction reduction,
      ImageShape input,
      List<Row> out) {
    float[][] inputs = new float[batch.size()][];
    int c = batch.get(0).getAs(CHANNELS);
    int h = batch.get(0).getAs(HEIGHT);
    int w = batch.get(0).getAs(WIDTH);
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      int rc = r.getAs(CHANNELS);
      int rh = r.getAs(HEIGHT);
      int rw = r.getAs(WIDTH);
      if (rc != c || rh != h || rw != w) {
        throw new IllegalArgumentException(
            String.format(
                "Test image %s is %d×%d×%d, the others %d×%d×%d",
                r.<String>getAs(ID), rc, rh, rw, c, h, w));
      }
      inputs[i] = transform.test(PngCodec.decode(r.getAs(PNG), c), c, h, w);
    }
    int per = inputs[0].length;
    float[] flat = new float[batch.size() * per];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(inputs[i], 0, flat, i * per, per);
    }
    int side = transform.outputSide(h);
    int sideW = transform.outputSide(w);
    if (c != input.channels() || side != input.height() || sideW != input.width()) {
      throw new IllegalArgumentException(
          String.format(
              "Test image %s is %d×%d×%d, %d×%d×%d after pre-processing, but the model takes"
                  + " %d×%d×%d: evaluate it on data ingested like its training data",
              batch.get(0).<String>getAs(ID),
              c,
              h,
              w,
              c,
              side,
              sideW,
              input.channels(),
              input.height(),
              input.width()));
    }
    double[][] z =
        net.output(Nd4j.create(flat, new long[] {batch.size(), c, side, sideW}, 'c'))
            .toDoubleMatrix();
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      double score = reduction.score(z[i]);
      if (Double.isNaN(score)) {
        throw new IllegalStateException(
            "The model scores test image " + r.<String>getAs(ID) + " NaN");
      }
      boolean anomalous = labels.anomalous(r.<Integer>getAs(CLASS_INDEX), r.<String>getAs(DEFECT));
      float[] heatmap = null;
      int u = 0;
      if (reduction == FcddObjective.Reduction.HEATMAP_MEAN) {
        u = (int) Math.round(Math.sqrt(z[i].length));
        heatmap = new float[z[i].length];
        for (int k = 0; k < heatmap.length; k++) {
          heatmap[k] = (float) FcddObjective.pseudoHuber(z[i][k]);
        }
      }
      out.add(
          RowFactory.create(
              r.<String>getAs(ID),
              r.<Integer>getAs(CLASS_INDEX),
              anomalous ? 1L : 0L,
              score,
              heatmap,
              heatmap == null ? null : u,
              heatmap == null ? null : heatmap.length / u,
              h,
              w,
              r.getAs(MASK_PNG)));
    }
  }

  /**
   * Which test images are anomalous: one-vs-rest, every other class (MVTec-AD: a nominal-class
   * image with a defect too); with swapped labels, the nominal class's images.
   */
  record TestLabels(int nominal, boolean swapped) implements Serializable {
    boolean anomalous(int classIndex, String defect) {
      if (swapped) {
        return classIndex == nominal;
      }
      return classIndex != nominal || (defect != null && !defect.equals("good"));
    }
  }

  private static boolean isHsc(MultiLayerNetwork net) {
    int n = net.getLayerWiseConfigurations().getConfs().size();
    return net.getLayerWiseConfigurations().getConf(n - 2).getLayer() instanceof DenseLayer;
  }

  private List<String> labelledAnomalies(String output) {
    Path file = new Path(output, LabelledAnomalies.FILE);
    byte[] json = HadoopFiles.readBytesIfExists(spark.sparkContext().hadoopConfiguration(), file);
    return json == null ? List.of() : LabelledAnomalies.read(json, file.toString()).ids();
  }
}
