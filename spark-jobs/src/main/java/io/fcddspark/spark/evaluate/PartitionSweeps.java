package io.fcddspark.spark.evaluate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Runs a sweep over each partition of a range-partitioned, sorted RDD on its executor and returns
 * the partitions' results in partition order (= score order), whatever order the tasks finish in.
 * Every partition 0..n-1 reports, so a result's list index is its partition's index, which a second
 * sweep uses to find its partition's starting point.
 */
final class PartitionSweeps {
  private PartitionSweeps() {}

  /** One result per partition, in partition order; the sweep gets (partition index, rows). */
  static <T> List<T> inOrder(JavaRDD<Row> sorted, Function2<Integer, Iterator<Row>, T> sweep) {
    Map<Integer, T> byPartition = new TreeMap<>();
    sorted
        .mapPartitionsWithIndex(
            (partition, rows) ->
                List.of(new Tuple2<>(partition, sweep.call(partition, rows))).iterator(),
            true)
        .collect()
        .forEach(t -> byPartition.put(t._1(), t._2()));
    return new ArrayList<>(byPartition.values());
  }
}
