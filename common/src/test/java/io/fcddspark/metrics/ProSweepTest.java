package io.fcddspark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * AUPRO by the sweep, cut into parts anywhere, against a brute-force computation that evaluates FPR
 * and every region's overlap at every threshold and integrates the whole curve.
 */
class ProSweepTest {
  /** Images of one class: scores and masks, row-major h×w each. */
  private record Images(List<double[]> scores, List<boolean[]> masks, int h, int w) {}

  private static Images random(Random rnd, int n, int h, int w, int levels) {
    List<double[]> scores = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] s = new double[h * w];
      boolean[] m = new boolean[h * w];
      int blobs = rnd.nextInt(3);
      for (int b = 0; b < blobs; b++) {
        int y0 = rnd.nextInt(h);
        int x0 = rnd.nextInt(w);
        int size = 1 + rnd.nextInt(3);
        for (int y = y0; y < Math.min(h, y0 + size); y++) {
          for (int x = x0; x < Math.min(w, x0 + size + rnd.nextInt(2)); x++) {
            m[y * w + x] = true;
          }
        }
      }
      for (int p = 0; p < s.length; p++) {
        // Few levels: many ties, between background and anomalous pixels too.
        s[p] = rnd.nextInt(levels) + (m[p] ? rnd.nextInt(3) : 0);
      }
      scores.add(s);
      masks.add(m);
    }
    return new Images(scores, masks, h, w);
  }

  /** The curve at every distinct threshold, computed from scratch, integrated and cut. */
  private static double bruteForce(Images im, double limit) {
    List<int[]> labels = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    java.util.TreeSet<Double> thresholds = new java.util.TreeSet<>();
    long background = 0;
    int regions = 0;
    for (int i = 0; i < im.scores().size(); i++) {
      ConnectedRegions r = ConnectedRegions.of(im.masks().get(i), im.h(), im.w());
      labels.add(r.labels());
      sizes.add(r.sizes());
      regions += r.count();
      for (int p = 0; p < im.h() * im.w(); p++) {
        thresholds.add(im.scores().get(i)[p]);
        background += im.masks().get(i)[p] ? 0 : 1;
      }
    }
    List<double[]> curve = new ArrayList<>();
    curve.add(new double[] {0, 0});
    for (double t : thresholds.descendingSet()) {
      long fp = 0;
      double overlapSum = 0;
      for (int i = 0; i < labels.size(); i++) {
        int[] hit = new int[sizes.get(i).length];
        for (int p = 0; p < im.h() * im.w(); p++) {
          if (im.scores().get(i)[p] >= t) {
            if (labels.get(i)[p] == 0) {
              fp++;
            } else {
              hit[labels.get(i)[p] - 1]++;
            }
          }
        }
        for (int k = 0; k < hit.length; k++) {
          overlapSum += (double) hit[k] / sizes.get(i)[k];
        }
      }
      curve.add(new double[] {(double) fp / background, overlapSum / regions});
    }
    // Keep the points up to the limit, add the interpolated point at the limit, integrate.
    List<double[]> kept = new ArrayList<>();
    for (int k = 0; k < curve.size(); k++) {
      double[] c = curve.get(k);
      if (c[0] <= limit) {
        kept.add(c);
      } else {
        double[] prev = curve.get(k - 1);
        double y = prev[1] + (c[1] - prev[1]) * (limit - prev[0]) / (c[0] - prev[0]);
        kept.add(new double[] {limit, y});
        break;
      }
    }
    double area = 0;
    for (int k = 1; k < kept.size(); k++) {
      area += (kept.get(k)[0] - kept.get(k - 1)[0]) * (kept.get(k)[1] + kept.get(k - 1)[1]) / 2;
    }
    return area / limit;
  }

  /** Per distinct score descending: {background, weight}; and the region count. */
  private static TreeMap<Double, double[]> counts(Images im, long[] regions) {
    TreeMap<Double, double[]> byScore = new TreeMap<>(java.util.Comparator.reverseOrder());
    for (int i = 0; i < im.scores().size(); i++) {
      ConnectedRegions r = ConnectedRegions.of(im.masks().get(i), im.h(), im.w());
      regions[0] += r.count();
      for (int p = 0; p < im.h() * im.w(); p++) {
        double[] c = byScore.computeIfAbsent(im.scores().get(i)[p], k -> new double[2]);
        if (r.labels()[p] == 0) {
          c[0]++;
        } else {
          c[1] += 1.0 / r.sizes()[r.labels()[p] - 1];
        }
      }
    }
    return byScore;
  }

  /**
   * The sweep over the counts cut into parts at {@code cuts} (indices into the distinct scores).
   */
  private static double swept(Images im, double limit, Random cutRandom, int parts) {
    long[] regions = new long[1];
    List<double[]> rows = new ArrayList<>(counts(im, regions).values());
    List<List<double[]>> cut = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      cut.add(new ArrayList<>());
    }
    int[] bounds = cutRandom.ints(parts - 1, 0, rows.size() + 1).sorted().toArray();
    int part = 0;
    for (int k = 0; k < rows.size(); k++) {
      while (part < bounds.length && k >= bounds[part]) {
        part++;
      }
      cut.get(part).add(rows.get(k));
    }
    List<ProSweep.Part> summaries = new ArrayList<>();
    long background = 0;
    for (List<double[]> c : cut) {
      long b = 0;
      double w = 0;
      for (double[] r : c) {
        b += (long) r[0];
        w += r[1];
      }
      summaries.add(new ProSweep.Part(b, w));
      background += b;
    }
    List<ProSweep.Start> starts = ProSweep.starts(summaries);
    List<Double> areas = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      ProSweep.AreaSweep s = new ProSweep.AreaSweep(starts.get(k), background, regions[0], limit);
      for (double[] r : cut.get(k)) {
        s.add((long) r[0], r[1]);
      }
      areas.add(s.area());
    }
    return ProSweep.aupro(areas, limit);
  }

  @Test
  void equalsBruteForceOnRandomMasksWithTiesWhateverTheCut() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 60; trial++) {
      Images im =
          random(
              rnd, 1 + rnd.nextInt(5), 3 + rnd.nextInt(6), 3 + rnd.nextInt(6), 2 + rnd.nextInt(20));
      if (im.masks().stream().noneMatch(m -> anyTrue(m))) {
        continue;
      }
      for (double limit : new double[] {0.3, 0.05, 1.0}) {
        double expected = bruteForce(im, limit);
        for (int parts : new int[] {1, 2, 5}) {
          assertThat(swept(im, limit, new Random(trial * 31L + parts), parts))
              .as("trial %d, limit %s, %d parts", trial, limit, parts)
              .isCloseTo(expected, within(1e-12));
        }
      }
    }
  }

  private static boolean anyTrue(boolean[] m) {
    for (boolean b : m) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aPerfectDetectorScoresOneAndTheCurveIsCutByInterpolation() {
    // One image, a 2-pixel region scored 1 and 2 background pixels scored 0: PRO reaches 1 at
    // FPR 0, the area up to any limit is the limit, AUPRO 1.
    Images perfect =
        new Images(
            List.of(new double[] {1, 1, 0, 0}),
            List.of(new boolean[] {true, true, false, false}),
            2,
            2);
    assertThat(swept(perfect, 0.3, new Random(1), 1)).isCloseTo(1.0, within(1e-15));

    // Region pixels {3, 1}, background {2, 0}: the curve is (0,0) (0,1/2) (1/2,1/2) (1/2,1) (1,1).
    // Up to 0.3: a rectangle of height 1/2, area 0.15, AUPRO 0.5. Up to 1: 0.25 + 0.5 = 0.75.
    Images stairs =
        new Images(
            List.of(new double[] {3, 1, 2, 0}),
            List.of(new boolean[] {true, true, false, false}),
            2,
            2);
    assertThat(swept(stairs, 0.3, new Random(1), 1)).isCloseTo(0.5, within(1e-15));
    assertThat(swept(stairs, 1.0, new Random(1), 2)).isCloseTo(0.75, within(1e-15));

    // A tie of one region pixel and one background pixel is a diagonal step: (0,0) → (1/2,1/2)
    // → (1,1) with both at one score; cut at 0.3 the area is 0.045, AUPRO 0.15.
    Images tied =
        new Images(
            List.of(new double[] {1, 0, 1, 0}),
            List.of(new boolean[] {true, true, false, false}),
            2,
            2);
    assertThat(swept(tied, 0.3, new Random(1), 1)).isCloseTo(0.15, within(1e-15));
  }

  @Test
  void aClassWithoutRegionsOrBackgroundIsAnErrorAndTheLimitIsChecked() {
    ProSweep.Start zero = new ProSweep.Start(0, 0);
    assertThatThrownBy(() -> new ProSweep.AreaSweep(zero, 10, 0, 0.3))
        .hasMessage(
            "Cannot compute AUPRO: 10 background pixels and 0 anomalous regions, it needs both");
    assertThatThrownBy(() -> new ProSweep.AreaSweep(zero, 0, 3, 0.3))
        .hasMessageContaining("0 background pixels and 3 anomalous regions");
    assertThatThrownBy(() -> new ProSweep.AreaSweep(zero, 10, 3, 0))
        .hasMessage("The AUPRO FPR limit must be in (0, 1], got 0.0");
  }
}
