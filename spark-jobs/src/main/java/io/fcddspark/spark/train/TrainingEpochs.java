package io.fcddspark.spark.train;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/** What {@link DistributedTrainer} trains on: the batches of each epoch pass. */
public interface TrainingEpochs {
  /** Samples per pass. */
  long size();

  /** The batches of pass {@code pass} (epoch × passes per epoch + pass within the epoch). */
  JavaRDD<DataSet> epoch(int pass);
}
