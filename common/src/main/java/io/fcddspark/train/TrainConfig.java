package io.fcddspark.train;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;
import static io.fcddspark.config.Validators.aboveZero;
import static io.fcddspark.config.Validators.fraction;
import static io.fcddspark.config.Validators.nonNegative;
import static io.fcddspark.config.Validators.positive;
import static io.fcddspark.config.Validators.probability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.OmittedDefault;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.Objective;
import io.fcddspark.preprocess.PreprocessConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The train job's config (YAML, one file per dataset in {@code conf/train/} with the paper's App. E
 * defaults; every key below). Precedence: {@code --set} &gt; file &gt; default.
 *
 * @param seed drives every random choice (weights, shuffling, OE, augmentation, confetti); required
 * @param output where the model, checkpoints, snapshots and provenance go; required
 * @param data the nominal data
 * @param outlierExposure the OE corpus, or null for none
 * @param synthetic none (default) or confetti (MVTec-AD's synthetic anomalies)
 * @param syntheticProbability each nominal sample's chance to become a synthetic anomaly, or to be
 *     replaced by a labelled anomaly; default 0.5 (the reference's)
 * @param net CNN28, CNN32 or VGG11_BN
 * @param head fcdd (default) or hsc (the HSC baseline)
 * @param hscDimension the HSC head's feature size; default 48 (the reference's for 28 px)
 * @param objective sample (default: one label per image, Eq. 2) or pixel (the per-pixel loss on the
 *     Gaussian-upsampled heatmap, Sec. 4.2; the reference trains MVTec-AD so, synthetic anomalies
 *     with an all-anomalous mask)
 * @param upsamplingSigma the upsampling Gaussian's std for the pixel objective (paper: 12 for
 *     MVTec-AD); required with it
 * @param pretrained trunk weights to start from (VGG11-BN), or null for a random init
 * @param preprocess pre-processing and augmentation
 * @param optimizer optimiser and schedule
 * @param epochs training epochs
 * @param passesPerEpoch passes over the nominal data per epoch (MVTec-AD: 10); default 1
 * @param batchSize images per batch (per worker)
 * @param distribution Spark parameter averaging
 * @param checkpointEvery write a checkpoint every this many epochs; default 10
 * @param snapshots epochs after which a snapshot is kept for the test-AUC history; default none
 * @param swapLabels the reference's {@code nominal_label = 1} (PASCAL VOC's Clever Hans
 *     experiment): the nominal class's images are trained on as the anomalies and the OE images as
 *     the nominal ones, and at test the nominal class's images are the anomalies; needs an OE
 *     corpus and the sample objective; default false
 */
public record TrainConfig(
    Long seed,
    String output,
    Data data,
    OutlierExposure outlierExposure,
    Synthetic synthetic,
    Double syntheticProbability,
    FcddArchitecture net,
    Head.Kind head,
    Integer hscDimension,
    Objective.Kind objective,
    Double upsamplingSigma,
    Pretrained pretrained,
    PreprocessConfig preprocess,
    Optimizer optimizer,
    Integer epochs,
    Integer passesPerEpoch,
    Integer batchSize,
    Distribution distribution,
    Integer checkpointEvery,
    List<Integer> snapshots,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NotSwapped.class)
        Boolean swapLabels)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrainConfig {
    required(seed, "seed");
    required(output, "output");
    required(data, "data");
    synthetic = orDefault(synthetic, Synthetic.NONE);
    syntheticProbability =
        probability("syntheticProbability", orDefault(syntheticProbability, 0.5));
    required(net, "net");
    head = orDefault(head, Head.Kind.FCDD);
    hscDimension = positive("hscDimension", orDefault(hscDimension, 48));
    objective = orDefault(objective, Objective.Kind.SAMPLE);
    if (objective == Objective.Kind.PIXEL) {
      aboveZero("upsamplingSigma", required(upsamplingSigma, "upsamplingSigma"));
      if (head == Head.Kind.HSC) {
        throw new ConfigException(
            "Cannot set objective to 'pixel' with head 'hsc': the HSC head has no heatmap");
      }
    }
    if (pretrained != null && net != FcddArchitecture.VGG11_BN) {
      throw new ConfigException(
          "Cannot load pretrained weights into "
              + net
              + ": only VGG11_BN follows torchvision's layers");
    }
    if (pretrained != null && pretrained.freeze() > FcddArchitecture.VGG11_BN.trunk().size()) {
      throw new ConfigException(
          "Cannot freeze "
              + pretrained.freeze()
              + " layers, VGG11_BN's trunk has "
              + FcddArchitecture.VGG11_BN.trunk().size());
    }
    if (data.labelledAnomalies() > 0) {
      if (objective != Objective.Kind.PIXEL) {
        throw new ConfigException(
            "Cannot train on labelled anomalies with objective 'sample': their masks need"
                + " objective 'pixel'");
      }
      if (outlierExposure != null || synthetic == Synthetic.CONFETTI) {
        throw new ConfigException(
            "Cannot train on labelled anomalies together with an outlierExposure corpus or"
                + " confetti: a replaced sample is one of them; keep one");
      }
    }
    swapLabels = orDefault(swapLabels, false);
    if (swapLabels && (outlierExposure == null || objective != Objective.Kind.SAMPLE)) {
      throw new ConfigException(
          "swapLabels trains the OE images as the nominal ones: it needs an outlierExposure corpus"
              + " and objective 'sample'");
    }
    if (synthetic == Synthetic.CONFETTI && outlierExposure != null) {
      throw new ConfigException(
          "Cannot set synthetic to 'confetti' with an outlierExposure corpus: a replaced sample is"
              + " one or the other; remove one of them");
    }
    preprocess = orDefault(preprocess, PreprocessConfig.defaults());
    required(optimizer, "optimizer");
    positive("epochs", required(epochs, "epochs"));
    passesPerEpoch = positive("passesPerEpoch", orDefault(passesPerEpoch, 1));
    positive("batchSize", required(batchSize, "batchSize"));
    distribution = orDefault(distribution, new Distribution(null, null, null, null));
    checkpointEvery = positive("checkpointEvery", orDefault(checkpointEvery, 10));
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    for (int s : snapshots) {
      if (s < 1 || s > epochs) {
        throw new ConfigException(
            "Cannot keep a snapshot at epoch "
                + s
                + ", it must lie in [1, epochs = "
                + epochs
                + "]");
      }
    }
  }

  /**
   * A hash of what decides the weights after any epoch: every key but {@code output}, {@code
   * epochs}, {@code checkpointEvery}, {@code snapshots}, {@code distribution.workerPrefetch} and
   * {@code distribution.master}. A checkpoint resumes only a run with the same fingerprint; a run
   * may be extended to more epochs or moved to another output.
   */
  public String trainingFingerprint() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = trainingSettings();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot fingerprint the train config", e);
    }
  }

  /**
   * The settings {@link #trainingFingerprint} hashes: this config as a tree without {@code output},
   * {@code epochs}, {@code checkpointEvery}, {@code snapshots} and the distribution's {@code
   * workerPrefetch}, {@code master} and {@code workers}, with the {@link TrainingMethod} version it
   * trains under ({@code method}) where a change of the method has affected it.
   */
  public ObjectNode trainingSettings() {
    return trainingSettings(TrainingMethod.CURRENT);
  }

  /** {@link #trainingSettings()} under {@code method}'s versions. */
  ObjectNode trainingSettings(TrainingMethod method) {
    ObjectNode tree = new ObjectMapper().valueToTree(this);
    tree.remove(List.of("output", "epochs", "checkpointEvery", "snapshots"));
    ((ObjectNode) tree.get("distribution")).remove(List.of("workerPrefetch", "master", "workers"));
    int version = method.versionOf(this);
    if (version > TrainingMethod.FIRST) {
      tree.put("method", version);
    }
    return tree;
  }

  /** Leaves swapLabels out of written configs where it is false. */
  static final class NotSwapped extends OmittedDefault {
    NotSwapped() {
      super(Boolean.FALSE);
    }
  }

  /** The network's head. */
  public Head headSpec() {
    return head == Head.Kind.HSC ? Head.hsc(hscDimension) : Head.fcdd();
  }

  /** What the network is trained on. */
  public Objective objectiveSpec() {
    return objective == Objective.Kind.PIXEL
        ? new Objective.PixelMasks(upsamplingSigma)
        : Objective.sampleLabels();
  }

  /** The replacement probability of OE or synthetic anomalies (0 when there are none). */
  public double anomalyProbability() {
    if (outlierExposure != null) {
      return outlierExposure.probability();
    }
    return synthetic == Synthetic.CONFETTI || data.labelledAnomalies() > 0
        ? syntheticProbability
        : 0;
  }

  /** The architecture. */
  public FcddArchitecture architecture() {
    return net;
  }

  /**
   * Pretrained trunk weights: a safetensors file with torchvision's {@code features.*} names (write
   * one with {@code bin/export-vgg11-bn.py}).
   *
   * @param weights the file (local or HDFS); required
   * @param freeze how many of torchvision's feature layers stay frozen, BatchNorm statistics
   *     included (paper, MVTec-AD: 15); default 0
   */
  public record Pretrained(String weights, Integer freeze) implements Serializable {
    public Pretrained {
      required(weights, "weights");
      freeze = nonNegative("freeze", orDefault(freeze, 0));
    }
  }

  /**
   * The nominal data: one class of an ingested dataset.
   *
   * @param input the ingest output folder (its {@code images/}); required
   * @param dataset the dataset name in it; required
   * @param nominalClass the nominal class's index; required
   * @param trainSplit default "train"
   * @param testSplit default "test"
   * @param labelledAnomalies semi-supervised training (MVTec-AD, paper: 1–8): this many anomalous
   *     test images per defect type, with their masks, are trained on and taken out of the test
   *     set; default 0
   */
  public record Data(
      String input,
      String dataset,
      Integer nominalClass,
      String trainSplit,
      String testSplit,
      Integer labelledAnomalies)
      implements Serializable {
    public Data {
      labelledAnomalies = nonNegative("labelledAnomalies", orDefault(labelledAnomalies, 0));
      required(input, "input");
      required(dataset, "dataset");
      nonNegative("nominalClass", required(nominalClass, "nominalClass"));
      trainSplit = orDefault(trainSplit, "train");
      testSplit = orDefault(testSplit, "test");
    }
  }

  /**
   * The Outlier Exposure corpus: every image of a dataset (all splits and classes, or the split
   * given) of an ingest output, sampled uniformly.
   *
   * @param input the ingest output folder; required
   * @param dataset the dataset name in it; required
   * @param split only this split, or null for all
   * @param probability each nominal sample's chance to be replaced; default 0.5 (App. E)
   * @param limit at most this many distinct OE images, chosen by the seed (the reference's {@code
   *     oe_limit}, the OE-size study of the paper's Figure 6); default all
   */
  public record OutlierExposure(
      String input,
      String dataset,
      String split,
      Double probability,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer limit)
      implements Serializable {
    public OutlierExposure {
      required(input, "input");
      required(dataset, "dataset");
      probability = orDefault(probability, 0.5);
      fraction("probability", probability);
      if (limit != null) {
        positive("limit", limit);
      }
    }
  }

  /**
   * The optimiser.
   *
   * @param type sgd (with Nesterov momentum) or adam; required
   * @param learningRate initial rate; required
   * @param momentum SGD's Nesterov momentum; default 0.9
   * @param weightDecay L2 weight decay; default 1e-6
   * @param schedule the per-epoch schedule; required
   */
  public record Optimizer(
      Type type,
      Double learningRate,
      Double momentum,
      Double weightDecay,
      LearningRateSchedule schedule)
      implements Serializable {
    public Optimizer {
      required(type, "type");
      aboveZero("learningRate", required(learningRate, "learningRate"));
      momentum = probability("momentum", orDefault(momentum, 0.9));
      weightDecay = nonNegative("weightDecay", orDefault(weightDecay, 1e-6));
      required(schedule, "schedule");
    }

    /** The rate in {@code epoch}. */
    public double rate(int epoch) {
      return schedule.rate(learningRate, epoch);
    }

    /** The optimiser's algorithm. */
    public enum Type {
      /** SGD with Nesterov momentum. */
      @JsonProperty("sgd")
      SGD,
      @JsonProperty("adam")
      ADAM
    }
  }

  /** Synthetic anomalies mixed into the nominal training data. */
  public enum Synthetic {
    @JsonProperty("none")
    NONE,
    /** MVTec-AD's confetti noise. */
    @JsonProperty("confetti")
    CONFETTI
  }

  /**
   * DL4J Spark parameter averaging.
   *
   * @param averagingFrequency minibatches per worker between averagings; default 5
   * @param workerPrefetch batches each worker prefetches; default 2
   * @param master Spark master when not under spark-submit; default "local[*]"
   * @param workers parallel training workers (an epoch's partitions); default: Spark's default
   *     parallelism divided by {@code spark.task.cpus} (the executors, under {@code
   *     submit/fcdd-submit.sh}; the threads, in local mode)
   */
  public record Distribution(
      Integer averagingFrequency, Integer workerPrefetch, String master, Integer workers)
      implements Serializable {
    public Distribution {
      if (workers != null) {
        positive("workers", workers);
      }
      averagingFrequency = positive("averagingFrequency", orDefault(averagingFrequency, 5));
      workerPrefetch = nonNegative("workerPrefetch", orDefault(workerPrefetch, 2));
      master = orDefault(master, "local[*]");
    }
  }
}
