package dev.loopreg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Functional core, imperative shell: the rules and renderers touch no file, network or clock. */
class ArchitectureTest {

    static final String[] CORE = {"dev.loopreg.cadence..", "dev.loopreg.health..", "dev.loopreg.workplan..",
        "dev.loopreg.format..", "dev.loopreg.decision..", "dev.loopreg.report..", "dev.loopreg.rotation..", "dev.loopreg.alert..",
        "dev.loopreg.simulate..", "dev.loopreg.session..", "dev.loopreg.schedule..", "dev.loopreg.outbox.."};

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.loopreg");
    }

    @Test
    void core_doesNoFileOrNetworkIo() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream");
        rule.check(classes);
    }

    @Test
    void core_neverReadsTheClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Clock")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis");
        rule.check(classes);
    }

    @Test
    void core_doesNotReachIntoTheShell() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("dev.loopreg.workspace..", "dev.loopreg.regulator..", "dev.loopreg.cli..", "dev.loopreg.collect..",
                        "dev.loopreg.demo..", "dev.loopreg.server..")
                .check(classes);
    }

    @Test
    void onlyTheServerUsesTheWebAndSchedulerLibraries() {
        noClasses().that().resideOutsideOfPackage("dev.loopreg.server..").should().dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "io.micrometer..", "j2html..", "org.eclipse.jetty..").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.loopreg.scheduler..").should().dependOnClassesThat()
                .resideInAnyPackage("org.quartz..").as("only the scheduler adapter knows Quartz").check(classes);
    }

    @Test
    void onlyTheCliUsesPicocli_andNothingUsesTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.loopreg.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("picocli..", "dev.loopreg.cli..").check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching("dev.loopreg.(*)..").should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void theWorkspaceFilesAreReadAndWrittenOnlyThroughTheStore() {
        noClasses().that().resideInAnyPackage("dev.loopreg.regulator..", "dev.loopreg.collect..", "dev.loopreg.server..", "dev.loopreg.cli..",
                        "dev.loopreg.demo..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.loopreg.workspace.JsonlFile")
                .as("the use cases read and append JSON Lines files through the store's types, never JsonlFile itself")
                .check(classes);
    }
}
