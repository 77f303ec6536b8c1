package io.fcddspark.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark module's layering: no package cycles, the CLI on top, cluster plumbing at the bottom,
 * and below the CLI only classes that wire data to Spark, Hadoop or Parquet.
 */
class ArchitectureTest {
  private static JavaClasses jobs;

  @BeforeAll
  static void importJobs() {
    jobs =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.fcddspark.spark");
  }

  @Test
  void jobPackagesHaveNoCycles() {
    slices().matching("io.fcddspark.spark.(*)..").should().beFreeOfCycles().check(jobs);
  }

  @Test
  void onlyTheCommandLineUsesTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fcddspark.spark.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fcddspark.spark.cli..")
        .check(jobs);
  }

  @Test
  void clusterPlumbingUsesNoJob() {
    noClasses()
        .that()
        .resideInAPackage("io.fcddspark.spark.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fcddspark.spark.cli..",
            "io.fcddspark.spark.evaluate..",
            "io.fcddspark.spark.ingest..",
            "io.fcddspark.spark.pipeline..",
            "io.fcddspark.spark.rank..",
            "io.fcddspark.spark.score..",
            "io.fcddspark.spark.train..")
        .check(jobs);
  }

  /** Logic that needs none of them belongs in common, where it is tested without Spark. */
  @Test
  void belowTheCommandLineEveryClassWiresDataToSparkHadoopOrParquet() {
    classes()
        .that()
        .resideOutsideOfPackage("io.fcddspark.spark.cli..")
        .and()
        .areTopLevelClasses()
        .and()
        .areNotRecords()
        .and()
        .doNotHaveSimpleName("package-info")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark..",
            "org.apache.hadoop..",
            "org.apache.parquet..",
            "org.deeplearning4j.spark..")
        .because("records of a job's results may stay beside it; logic goes to common")
        .check(jobs);
  }
}
