package dev.jeton.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The core stays free of HTTP and JMS (DESIGN.md): it can be called from a unit test and reused
 * by any transport.
 */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jeton");

    @Test
    void coreDoesNotDependOnJaxRsServletOrJms() {
        noClasses().that().resideInAnyPackage("dev.jeton.token..", "dev.jeton.grant..", "dev.jeton.client..",
                        "dev.jeton.request..", "dev.jeton.error..", "dev.jeton.dpop..", "dev.jeton.replay..",
                        "dev.jeton.throttle..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..",
                        "jakarta.jms..")
                .check(CLASSES);
    }

    @Test
    void onlyTheWebLayerUsesJaxRs() {
        noClasses().that().resideOutsideOfPackage("dev.jeton.web..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..")
                .check(CLASSES);
    }
}
