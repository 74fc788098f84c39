package io.detectionstudio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers: {@code core} (no TensorFlow, no JavaFX) &larr; {@code nn}/{@code model} (TensorFlow graphs)
 * &larr; {@code engine} (jobs, no JavaFX) &larr; {@code ui}; {@code data}, {@code config}, {@code viz} and
 * {@code cli} beside them. Only {@code ui} touches JavaFX.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Not ImportOption.DO_NOT_INCLUDE_TESTS: it only knows target/test-classes, and builds may use -DbuildDir.
        classes = new ClassFileImporter().withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.detectionstudio");
    }

    @Test
    void coreUsesNeitherTensorFlowNorJavaFx() {
        noClasses().that().resideInAPackage("io.detectionstudio.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tensorflow..", "javafx..", "java.awt..")
                .check(classes);
    }

    @Test
    void coreDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.detectionstudio.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detectionstudio.data..", "io.detectionstudio.cli..",
                        "io.detectionstudio.ui..", "io.detectionstudio.viz..", "io.detectionstudio.engine..",
                        "io.detectionstudio.model..", "io.detectionstudio.nn..", "io.detectionstudio.config..")
                .check(classes);
    }

    @Test
    void onlyTheUiUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("io.detectionstudio.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void nothingButTheLauncherAndCommandLineDependOnTheUi() {
        noClasses().that().resideOutsideOfPackage("io.detectionstudio.ui..")
                .and().doNotHaveFullyQualifiedName("io.detectionstudio.Launcher")
                .should().dependOnClassesThat().resideInAPackage("io.detectionstudio.ui..")
                .check(classes);
    }

    @Test
    void modelsAndEngineKnowNothingOfTheirCallers() {
        noClasses().that().resideInAPackage("io.detectionstudio.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detectionstudio.engine..", "io.detectionstudio.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("io.detectionstudio.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.detectionstudio.cli..")
                .check(classes);
    }

    @Test
    void dataAndVizKnowNothingOfTheUiEngineOrCommandLine() {
        noClasses().that().resideInAnyPackage("io.detectionstudio.data..", "io.detectionstudio.viz..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detectionstudio.cli..", "io.detectionstudio.engine..",
                        "org.tensorflow..")
                .check(classes);
    }
}
