package io.fcddspark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's layering: no package cycles, no Spark or Hadoop, and leaf packages that stay leaves.
 */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.fcddspark");
  }

  @Test
  void corePackagesHaveNoCycles() {
    slices().matching("io.fcddspark.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void coreNeverUsesSparkOrHadoopOrTheSparkJobs() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "io.fcddspark.spark..")
        .check(core);
  }

  @Test
  void foundationPackagesImportNoneOfOurs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.fcddspark.config..",
            "io.fcddspark.random..",
            "io.fcddspark.geometry..",
            "io.fcddspark.provenance..",
            "io.fcddspark.metrics..",
            "io.fcddspark.dl4j..",
            "io.fcddspark.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fcddspark.evaluate..",
            "io.fcddspark.heatmap..",
            "io.fcddspark.ingest..",
            "io.fcddspark.loss..",
            "io.fcddspark.nets..",
            "io.fcddspark.pipeline..",
            "io.fcddspark.preprocess..",
            "io.fcddspark.rank..",
            "io.fcddspark.report..",
            "io.fcddspark.score..",
            "io.fcddspark.train..")
        .check(core);
  }
}
