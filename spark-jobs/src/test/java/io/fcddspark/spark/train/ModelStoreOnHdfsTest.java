package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoints on a real (in-process) HDFS: a model with its updater state written atomically and
 * read back equal (stored in the portable layout, read in the CPU's), the latest one found, older
 * ones deleted, temporaries of a killed writer ignored, and a replaced zip reported as corrupt by
 * name.
 */
class ModelStoreOnHdfsTest {
  @TempDir static Path base;

  @Test
  void checkpointsOnHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      hdfs.waitActive();
      FileSystem fs = hdfs.getFileSystem();
      String dir = fs.getUri() + "/runs/a/checkpoints";
      ModelStore store = new ModelStore(new HadoopFileStore(fs.getConf()));
      MultiLayerNetwork net =
          FcddNetworkFactory.fcdd(FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(4));
      net.fit(new DataSet(Nd4j.rand(4, 1, 28, 28), Nd4j.create(new float[] {0, 1, 0, 1}, 4, 1)));
      ModelMetadata meta =
          new ModelMetadata(
              "checkpoint", 2, 4, "f", -1.0, 20.0, 2, 0.5, null, "v", "t", 12.5, 2, null, null);

      store.write(dir, "epoch-00002", net, meta);
      net.fit(new DataSet(Nd4j.rand(4, 1, 28, 28), Nd4j.create(new float[] {0, 1, 0, 1}, 4, 1)));
      ModelMetadata written = store.write(dir, "epoch-00004", net, meta);
      // A writer killed midway leaves only a temporary file: not a model.
      try (FSDataOutputStream out =
          fs.create(new org.apache.hadoop.fs.Path(dir, "_tmp-epoch-00006.zip"))) {
        out.write(new byte[] {1, 2, 3});
      }
      store.deleteAllBut(dir, "epoch-00004");

      assertThat(store.list(dir)).containsExactly("epoch-00004");
      assertThat(store.last(dir)).contains("epoch-00004");
      ModelStore.Stored back = store.read(dir, "epoch-00004");
      assertThat(back.metadata()).isEqualTo(written);
      assertThat(back.net().params()).isEqualTo(net.params());
      assertThat(back.net().getUpdater().getStateViewArray())
          .isEqualTo(net.getUpdater().getStateViewArray());
      // The file holds DL4J's standard layers only; read back on the CPU, the fast path again.
      MultiLayerNetwork inFile =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(back.bytes()), false);
      assertThat(NetworkLayout.hasFastPathLayers(inFile.getLayerWiseConfigurations())).isFalse();
      assertThat(NetworkLayout.hasFastPathLayers(back.net().getLayerWiseConfigurations())).isTrue();
      INDArray x = Nd4j.rand(2, 1, 28, 28);
      assertThat(back.net().output(x)).isEqualTo(net.output(x));

      // Replace the zip with other bytes: HDFS's checksums pass, the recorded digest does not.
      try (FSDataOutputStream out =
          fs.create(new org.apache.hadoop.fs.Path(dir, "epoch-00004.zip"), true)) {
        out.write(new byte[] {'P', 'K', 3, 4});
      }
      assertThatThrownBy(() -> store.read(dir, "epoch-00004"))
          .hasMessageStartingWith("Model " + dir + "/epoch-00004.zip is corrupt: its SHA-256 is");
    } finally {
      hdfs.shutdown();
    }
  }
}
