package io.fcddspark.loss;

/**
 * The FCDD/HSC objective as plain formulas on double arrays, shared by the DL4J loss functions,
 * scoring and tests.
 *
 * <ul>
 *   <li>pseudo-Huber {@code A(z) = sqrt(z^2 + 1) - 1}, evaluated as {@code z^2 / (sqrt(z^2 + 1) +
 *       1)}, which is the same number without the cancellation that loses precision for small z in
 *       float (the reference's float32 result is off by about 1.5 % at |z| = 1e-3);
 *   <li>anomaly score of a heatmap: mean of A over its u&times;v pixels (paper's {@code ||A(X)||_1
 *       / (u v)}), not over the upsampled map; of an HSC feature vector: {@code sqrt(||phi||^2 + 1)
 *       - 1};
 *   <li>per-sample loss: the score for a nominal sample; {@code -log(1 - exp(-score) + 1e-31)} for
 *       an anomalous one, with the reference's stability epsilon inside the log.
 * </ul>
 *
 * <p>A batch's loss is the mean of its per-sample losses; for an all-nominal batch that is the
 * plain mean score, as in the reference. Unlike the reference, an all-anomalous batch uses the
 * anomalous term: the reference treats it like an all-nominal one (it only uses labels when a batch
 * holds both), which pulls anomalies towards the centre.
 */
public final class FcddObjective {
  /** The reference's epsilon inside the anomalous log term. */
  public static final double LOG_EPSILON = 1e-31;

  private FcddObjective() {}

  /** {@code sqrt(z^2 + 1) - 1}, computed without cancellation. */
  public static double pseudoHuber(double z) {
    double z2 = z * z;
    return z2 / (Math.sqrt(z2 + 1) + 1);
  }

  /** d/dz of {@link #pseudoHuber}: {@code z / sqrt(z^2 + 1)}. */
  public static double pseudoHuberDerivative(double z) {
    return z / Math.sqrt(z * z + 1);
  }

  /** Anomaly score of one flattened heatmap: the mean pseudo-Huber value over its pixels. */
  public static double heatmapScore(double[] z) {
    if (z.length == 0) {
      throw new IllegalArgumentException("Cannot score an empty heatmap");
    }
    double s = 0;
    for (double v : z) {
      s += pseudoHuber(v);
    }
    return s / z.length;
  }

  /** Anomaly score of one HSC feature vector: {@code sqrt(||phi||^2 + 1) - 1}. */
  public static double vectorScore(double[] phi) {
    if (phi.length == 0) {
      throw new IllegalArgumentException("Cannot score an empty feature vector");
    }
    double sq = 0;
    for (double v : phi) {
      sq += v * v;
    }
    return sq / (Math.sqrt(sq + 1) + 1);
  }

  /** Per-sample loss for a given score. */
  public static double sampleLoss(double score, boolean anomalous) {
    return anomalous ? -Math.log(-Math.expm1(-score) + LOG_EPSILON) : score;
  }

  /** d(sampleLoss)/d(score). */
  public static double sampleLossDerivative(double score, boolean anomalous) {
    if (!anomalous) {
      return 1.0;
    }
    double e = Math.exp(-score);
    return -e / (-Math.expm1(-score) + LOG_EPSILON);
  }

  /** How the score reduces a network output row. */
  public enum Reduction {
    /** FCDD: mean pseudo-Huber over the heatmap. */
    HEATMAP_MEAN,
    /** HSC: pseudo-Huber of the vector norm. */
    VECTOR_NORM;

    /** The score of one output row. */
    public double score(double[] row) {
      return this == HEATMAP_MEAN ? heatmapScore(row) : vectorScore(row);
    }

    /** Adds {@code scale * d(score)/d(row)} to {@code grad}. */
    public void addScoreGradient(double[] row, double scale, double[] grad) {
      if (this == HEATMAP_MEAN) {
        double k = scale / row.length;
        for (int i = 0; i < row.length; i++) {
          grad[i] += k * pseudoHuberDerivative(row[i]);
        }
      } else {
        double sq = 0;
        for (double v : row) {
          sq += v * v;
        }
        double k = scale / Math.sqrt(sq + 1);
        for (int i = 0; i < row.length; i++) {
          grad[i] += k * row[i];
        }
      }
    }
  }
}
