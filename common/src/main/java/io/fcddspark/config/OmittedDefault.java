package io.fcddspark.config;

/**
 * A Jackson value filter ({@code @JsonInclude(value = CUSTOM, valueFilter = ...)}) that leaves a
 * key's default out of written configs, so that a key added later does not change the fingerprints
 * (and sweep records) of runs made before it; a subclass names the default.
 */
public abstract class OmittedDefault {
  private final Object value;

  protected OmittedDefault(Object value) {
    this.value = value;
  }

  /** Jackson leaves out the values this equals. */
  @Override
  public boolean equals(Object other) {
    return value.equals(other);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
