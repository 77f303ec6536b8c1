package io.fcddspark.spark.train;

/**
 * Where one averaging round's wall time went, in milliseconds. The worker parts are those of the
 * worker whose result reached the driver last (the round's critical path).
 *
 * @param workers workers that trained in the round
 * @param roundMs the whole round, on the driver
 * @param broadcastMs the driver creating the broadcast of parameters and updater state
 * @param buildMs the last worker waiting for its first batch, from its task's start to its setup:
 *     reading the pass's batches from the cache that {@link DistributedTrainer} fills before the
 *     rounds (DL4J's split of the pass into rounds samples each round's from it)
 * @param setupMs the last worker reading the broadcast and building its network
 * @param fitMs the last worker reading its batches and fitting them
 * @param transferMs the last worker's result from ready on its executor to received on the driver
 * @param summingMs the driver adding results in partition order after the last one arrived (the
 *     results that arrive earlier are added while the others are still on their way)
 * @param resultBytes one worker's parameters and updater state, in bytes
 * @param mostWaiting the most results held on the driver at once waiting for a lower partition
 */
public record AveragingRound(
    int workers,
    double roundMs,
    double broadcastMs,
    double buildMs,
    double setupMs,
    double fitMs,
    double transferMs,
    double summingMs,
    long resultBytes,
    int mostWaiting) {

  /** What remains of the round: scheduling, task launch, setting the averaged state. */
  public double restMs() {
    return roundMs - broadcastMs - buildMs - setupMs - fitMs - transferMs - summingMs;
  }
}
