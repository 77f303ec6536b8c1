package io.fcddspark.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Folds {@code count} values that arrive in any order into one, always in the order of their
 * indices 0, 1, …, count − 1: a value that arrives early waits until every lower index has been
 * folded. With a float sum as the operator the total is then the same bits whatever the arrival
 * order. A value may be absent (null): its index is passed over.
 *
 * <p>Not thread-safe; callers that receive values on several threads synchronise.
 */
public final class InOrderFold<T> {
  private final int count;
  private final BinaryOperator<T> combine;
  private final Map<Integer, Optional<T>> early = new HashMap<>();
  private int next;
  private T total;
  private int folded;
  private int mostWaiting;

  /** A fold of the values at indices 0 to {@code count − 1} with {@code combine(total, value)}. */
  public InOrderFold(int count, BinaryOperator<T> combine) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    this.count = count;
    this.combine = combine;
  }

  /** Adds the value at {@code index} (null for none), folding every value now in order. */
  public void accept(int index, T value) {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index " + index + " outside 0.." + (count - 1));
    }
    if (index < next || early.containsKey(index)) {
      throw new IllegalArgumentException("index " + index + " was already given");
    }
    early.put(index, Optional.ofNullable(value));
    mostWaiting = Math.max(mostWaiting, early.size() - 1);
    while (early.containsKey(next)) {
      Optional<T> v = early.remove(next++);
      if (v.isPresent()) {
        total = total == null ? v.get() : combine.apply(total, v.get());
        folded++;
      }
    }
  }

  /** Whether every index has been given. */
  public boolean complete() {
    return next == count;
  }

  /** The fold of every present value in index order, or empty when none was present. */
  public Optional<T> total() {
    if (!complete()) {
      throw new IllegalStateException(
          "Fold incomplete: index " + next + " of " + count + " has not arrived");
    }
    return Optional.ofNullable(total);
  }

  /** How many present values were folded. */
  public int folded() {
    return folded;
  }

  /** The most values that were held at once waiting for a lower index. */
  public int mostWaiting() {
    return mostWaiting;
  }
}
