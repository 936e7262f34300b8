package io.lumina.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of docs/architecture.md, checked over the production classes of every module (the
 * platform depends on all of them): SQL only in the storage module, settings records beside the
 * code that reads them rather than in {@code config} packages, and no package cycles.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ArchitectureTest::isProductionCode)
            .importPackages("io.lumina");
  }

  /** Test-jars and the test-support module are test code even when they come as jars. */
  private static boolean isProductionCode(Location location) {
    return !location.contains("-tests.jar") && !location.contains("/io/lumina/testing/");
  }

  @Test
  void everyModuleIsImportedAndNoTestCode() {
    for (String pkg :
        new String[] {
          "io.lumina.storage.spans",
          "io.lumina.queue.postgres",
          "io.lumina.ingestion.otlp",
          "io.lumina.worker.consume",
          "io.lumina.query.traces",
          "io.lumina.replay.runs",
          "io.lumina.dashboard.traces"
        }) {
      assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
    }
    assertThat(classes.containPackage("io.lumina.testing")).isFalse();
    assertThat(classes.contain(ArchitectureTest.class)).isFalse();
  }

  @Test
  void sqlAndJdbcStayInTheStorageModule() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.lumina.storage..", "io.lumina.queue.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..")
        .because("the storage module owns PostgreSQL; services use its small interfaces")
        .check(classes);
  }

  @Test
  void featurePackagesDoNotDependOnConfigurationPackages() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..config..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lumina..config..")
        .because("config packages only wire beans; settings records live with their feature")
        .check(classes);
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices().matching("io.lumina.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.lumina.(*).(*)..").should().beFreeOfCycles().check(classes);
  }
}
