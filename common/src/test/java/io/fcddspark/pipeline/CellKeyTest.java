package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellKeyTest {
  private static final Path TRAIN = Path.of("../conf/train/fashion-mnist.yaml");
  private static final Path EVALUATE = Path.of("../conf/evaluate/fashion-mnist.yaml");

  private static TrainConfig train(String root, String... more) {
    List<String> set =
        new java.util.ArrayList<>(
            List.of(
                "output=" + root + "/cells/c3",
                "data.input=" + root + "/ingest/fmnist",
                "data.nominalClass=3",
                "outlierExposure.input=" + root + "/ingest/fmnist-oe",
                "outlierExposure.dataset=letters",
                "epochs=15",
                "snapshots=[5, 10]",
                "distribution.master=local[2]"));
    set.addAll(List.of(more));
    return ConfigLoader.load(TRAIN, set, TrainConfig.class);
  }

  private static EvaluateConfig evaluate(String root) {
    return ConfigLoader.load(
        EVALUATE, List.of("model=" + root + "/cells/c3"), EvaluateConfig.class);
  }

  private static CellKey key(String root, int workers, String... trainSet) {
    return CellKey.of(train(root, trainSet), workers, evaluate(root), "d1", "oe1", null);
  }

  @Test
  void whereTheSweepWritesAndReadsDoesNotChangeTheKey() {
    CellKey here = key("target/sweep", 2);
    CellKey there = key("hdfs://nn:8020/user/me/sweep", 2, "distribution.master=yarn");
    assertThat(there).isEqualTo(here);
    assertThat(here.key()).hasSize(64);
    assertThat(here.parts())
        .containsEntry("schedule", "15 epochs, snapshots [5, 10]")
        .containsEntry("workers", "2")
        .containsEntry("data", "d1")
        .containsEntry("outlierExposure", "oe1")
        .containsEntry("testData", "the training data");
  }

  @Test
  void whatDecidesTheResultChangesTheKeyAndIsNamed() {
    CellKey base = key("target/sweep", 2);
    assertThat(base.differences(base.parts())).isEmpty();

    CellKey otherRate = key("target/sweep", 2, "optimizer.learningRate=0.02");
    assertThat(otherRate.key()).isNotEqualTo(base.key());
    assertThat(otherRate.differences(base.parts())).containsExactly("training");

    CellKey moreWorkers = key("target/sweep", 4);
    assertThat(moreWorkers.differences(base.parts())).containsExactly("workers");

    CellKey longer = key("target/sweep", 2, "epochs=20", "snapshots=[5, 10, 15]");
    assertThat(longer.differences(base.parts())).containsExactly("schedule");

    CellKey otherData =
        CellKey.of(train("target/sweep"), 2, evaluate("target/sweep"), "d2", null, "t1");
    assertThat(otherData.differences(base.parts()))
        .containsExactly("data", "outlierExposure", "testData");

    EvaluateConfig moreCurve =
        ConfigLoader.load(
            EVALUATE,
            List.of("model=target/sweep/cells/c3", "curveSteps=50"),
            EvaluateConfig.class);
    assertThat(
            CellKey.of(train("target/sweep"), 2, moreCurve, "d1", "oe1", null)
                .differences(base.parts()))
        .containsExactly("evaluate");

    assertThat(base.differences(null)).isNull();
    assertThat(base.differences(java.util.Map.of())).hasSize(base.parts().size());
  }

  @Test
  void anotherCorpusNameIsTheSameTrainingButAnotherSettingIsNot() {
    TrainConfig letters = train("/a");
    TrainConfig clipart = train("/b", "outlierExposure.dataset=clipart", "epochs=40");

    assertThat(CellKey.sameTrainingButOutlierExposure(letters, clipart)).isTrue();
    assertThat(
            key("/a", 2)
                .differences(CellKey.of(clipart, 2, evaluate("/b"), "d1", "oe2", null).parts()))
        .containsExactly("training", "schedule", "outlierExposure");
    assertThat(
            CellKey.sameTrainingButOutlierExposure(
                letters, train("/b", "outlierExposure.dataset=clipart", "seed=9")))
        .isFalse();
    assertThat(
            CellKey.sameTrainingButOutlierExposure(
                letters, train("/a", "outlierExposure.probability=0.25")))
        .isFalse();
  }
}
