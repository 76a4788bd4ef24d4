package dev.distill.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of the design: no cycles, a thin CLI nobody depends on, common at the bottom. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.distill");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.distill.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.distill.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.distill.cli..").check(classes);
    }

    @Test
    void commonDependsOnNoOtherPackage() {
        noClasses().that().resideInAPackage("dev.distill.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.distill.cli..", "dev.distill.spec..",
                        "dev.distill.debian..", "dev.distill.fetch..", "dev.distill.lock..", "dev.distill.layers..",
                        "dev.distill.pair..", "dev.distill.oci..", "dev.distill.container..", "dev.distill.app..",
                        "dev.distill.registry..", "dev.distill.sbom..", "dev.distill.vuln..", "dev.distill.compare..",
                        "dev.distill.policy..")
                .check(classes);
    }

    @Test
    void theOciModelKnowsNothingOfDebianOrBuilds() {
        noClasses().that().resideInAPackage("dev.distill.oci..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.distill.debian..", "dev.distill.spec..",
                        "dev.distill.layers..", "dev.distill.pair..", "dev.distill.lock..", "dev.distill.app..",
                        "dev.distill.registry..")
                .check(classes);
    }
}
