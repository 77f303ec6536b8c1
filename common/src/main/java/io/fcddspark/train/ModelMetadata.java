package io.fcddspark.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fcddspark.preprocess.MinMaxScaling;
import java.util.List;

/**
 * What is stored beside a model file (a checkpoint, a snapshot or the final model): enough to
 * resume training from it exactly, to score with it, and to detect a corrupt model file.
 *
 * <p>Every random choice of training is drawn from (seed, epoch, sample), so the RNG state to
 * resume from is the epoch itself.
 *
 * @param kind "checkpoint", "snapshot" or "model"
 * @param epochsDone epochs trained (the next epoch to train, counted from 0)
 * @param seed the run's seed
 * @param fingerprint the config's {@link TrainConfig#trainingFingerprint()}
 * @param scalingMin the min–max constant min fitted on the nominal data, or null (no scaling, or
 *     constants per channel)
 * @param scalingMax the min–max constant max, or null
 * @param partitions the partitions an epoch's batches were cut into (same value: same weights)
 * @param loss the last averaged training loss
 * @param sha256 the model file's SHA-256 (hex)
 * @param codeVersion the code that wrote it
 * @param createdAt when it was written (ISO-8601)
 * @param trainingSeconds wall time spent training up to this model, summed over the runs that
 *     resumed it from checkpoints; null when unknown (a checkpoint written before it was kept)
 * @param method the {@link TrainingMethod} version it was trained under; null in files written
 *     before versions were kept ({@link TrainingMethod#FIRST})
 * @param scalingMinPerChannel the min–max constants min per channel, where each channel has its own
 *     (absent otherwise)
 * @param scalingMaxPerChannel the max per channel, as many
 */
public record ModelMetadata(
    String kind,
    int epochsDone,
    long seed,
    String fingerprint,
    Double scalingMin,
    Double scalingMax,
    int partitions,
    double loss,
    String sha256,
    String codeVersion,
    String createdAt,
    Double trainingSeconds,
    Integer method,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> scalingMinPerChannel,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> scalingMaxPerChannel) {

  /** The min–max constants, or null when the run does not fit any. */
  public MinMaxScaling scaling() {
    if (scalingMinPerChannel != null) {
      return new MinMaxScaling(scalingMinPerChannel, scalingMaxPerChannel);
    }
    return scalingMin == null ? null : new MinMaxScaling(scalingMin, scalingMax);
  }

  /** This metadata holding {@code scaling} (null: none). */
  public ModelMetadata withScaling(MinMaxScaling scaling) {
    boolean perChannel = scaling != null && scaling.perChannel();
    boolean single = scaling != null && !perChannel;
    return new ModelMetadata(
        kind,
        epochsDone,
        seed,
        fingerprint,
        single ? scaling.min().get(0) : null,
        single ? scaling.max().get(0) : null,
        partitions,
        loss,
        sha256,
        codeVersion,
        createdAt,
        trainingSeconds,
        method,
        perChannel ? scaling.min() : null,
        perChannel ? scaling.max() : null);
  }

  /** This metadata for a model file with digest {@code sha}. */
  public ModelMetadata withSha256(String sha) {
    return new ModelMetadata(
        kind,
        epochsDone,
        seed,
        fingerprint,
        scalingMin,
        scalingMax,
        partitions,
        loss,
        sha,
        codeVersion,
        createdAt,
        trainingSeconds,
        method,
        scalingMinPerChannel,
        scalingMaxPerChannel);
  }
}
