package io.barterdude.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The library's package rules, checked on its compiled classes: the public API never depends on
 * {@code io.barterdude.internal}, no two packages depend on each other in a cycle, and thread-local
 * state exists only where the design needs a worker thread's own state: the running handler's
 * outputs (what its message waits for) and a worker's request-context controller.
 */
class ArchitectureTest {

  private static final JavaClasses LIBRARY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.barterdude");

  @Test
  void thePublicApiDependsOnNothingInternal() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.barterdude.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.barterdude.internal..")
        .check(LIBRARY);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.barterdude.(**)").should().beFreeOfCycles().check(LIBRARY);
  }

  @Test
  void threadLocalStateOnlyWhereAWorkerThreadOwnsIt() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.barterdude.internal.publishing.HandlerOutputs")
        .and()
        .doNotHaveFullyQualifiedName("io.barterdude.internal.processing.ConsumerInvoker")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ThreadLocal.class)
        .check(LIBRARY);
  }
}
