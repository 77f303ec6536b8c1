package io.fcddspark.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SystemPackagesTest {
  @Test
  void aMissingPackageFailsUnderCiAndSkipsElsewhereNamingWhatToInstall() {
    assertThatCode(() -> SystemPackages.require(true, "chromium", "Chromium"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> SystemPackages.require(false, "dataset-x", "X (/usr/share/datasets/x)"))
        .isInstanceOf(
            SystemPackages.underCi() ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining(
            "X (/usr/share/datasets/x) is missing: install Debian's dataset-x (apt-get install dataset-x");
  }
}
