package io.fcddspark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.storage.LocalFileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Models on the local file store without Spark or Hadoop: written and read back exactly, listed by
 * committed JSON only, a killed writer's leftovers ignored and then removed, a zip that does not
 * match its digest reported as corrupt, and an overwritten model never described by a stale JSON.
 */
class ModelStoreTest {
  private static ModelMetadata meta(int epochs) {
    return new ModelMetadata(
        "checkpoint", epochs, 4, "f", -1.0, 20.0, 1, 0.5, null, "v", "t", 1.5, 1, null, null);
  }

  private static MultiLayerNetwork net() {
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(4));
    net.fit(new DataSet(Nd4j.rand(4, 1, 28, 28), Nd4j.create(new float[] {0, 1, 0, 1}, 4, 1)));
    return net;
  }

  @Test
  void writesReadsListsAndKeepsOnlyCommittedModels(@TempDir Path dir) throws Exception {
    ModelStore store = new ModelStore(new LocalFileStore());
    String folder = dir.resolve("checkpoints").toString();
    MultiLayerNetwork net = net();
    store.write(folder, "epoch-00001", net, meta(1));
    ModelMetadata written = store.write(folder, "epoch-00002", net, meta(2));
    Files.write(dir.resolve("checkpoints/_tmp-epoch-00003.zip"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("checkpoints/_tmp-epoch-00003.json"), new byte[] {'{'});

    assertThat(store.list(folder)).containsExactly("epoch-00001", "epoch-00002");
    assertThat(store.last(folder)).contains("epoch-00002");
    assertThat(store.exists(folder, "epoch-00002")).isTrue();
    assertThat(written.sha256()).hasSize(64);
    ModelStore.Stored back = store.read(folder, "epoch-00002");
    assertThat(back.metadata()).isEqualTo(written);
    assertThat(back.net().params()).isEqualTo(net.params());
    assertThat(back.net().getUpdater().getStateViewArray())
        .isEqualTo(net.getUpdater().getStateViewArray());

    store.deleteAllBut(folder, "epoch-00002");
    assertThat(store.list(folder)).containsExactly("epoch-00002");
    // The next write removes a killed writer's temporaries.
    store.write(folder, "epoch-00004", net, meta(4));
    try (var left = Files.list(dir.resolve("checkpoints"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "epoch-00002.zip", "epoch-00002.json", "epoch-00004.zip", "epoch-00004.json");
    }
  }

  @Test
  void aZipThatDoesNotMatchItsDigestIsCorruptAndMissingFilesAreNamed(@TempDir Path dir)
      throws Exception {
    ModelStore store = new ModelStore(new LocalFileStore());
    String folder = dir.toString();
    store.write(folder, "model", net(), meta(1));
    Path zip = dir.resolve("model.zip");
    byte[] bytes = Files.readAllBytes(zip);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(zip, bytes);
    assertThatThrownBy(() -> store.read(folder, "model"))
        .hasMessageStartingWith("Model " + zip + " is corrupt: its SHA-256 is");

    Files.delete(zip);
    assertThatThrownBy(() -> store.read(folder, "model"))
        .hasMessage("Model " + zip + " is missing beside its metadata");
    assertThatThrownBy(() -> store.metadata(folder, "other"))
        .hasMessageStartingWith("Model metadata " + dir.resolve("other.json") + " is unreadable");
    Files.writeString(dir.resolve("model.json"), "{not json");
    assertThatThrownBy(() -> store.metadata(folder, "model"))
        .hasMessageStartingWith("Model metadata " + dir.resolve("model.json") + " is unreadable");
  }

  @Test
  void perChannelConstantsRoundTripAndOnePairKeepsTheEarlierFormat(@TempDir Path dir)
      throws Exception {
    ModelStore store = new ModelStore(new LocalFileStore());
    String folder = dir.toString();
    MinMaxScaling perChannel =
        new MinMaxScaling(List.of(-1.3, -1.25, -1.2), List.of(1.37, 1.38, 1.39));
    MultiLayerNetwork net = net();
    store.write(folder, "rgb", net, meta(1).withScaling(perChannel));
    store.write(folder, "grey", net, meta(1));

    assertThat(store.metadata(folder, "rgb").scaling()).isEqualTo(perChannel);
    assertThat(store.metadata(folder, "rgb").scalingMin()).isNull();
    assertThat(store.metadata(folder, "grey").scaling()).isEqualTo(new MinMaxScaling(-1, 20));
    assertThat(Files.readString(dir.resolve("grey.json"))).doesNotContain("PerChannel");
    assertThat(meta(1).withScaling(null).scaling()).isNull();
  }
}
