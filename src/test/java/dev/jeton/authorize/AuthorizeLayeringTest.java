package dev.jeton.authorize;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The authorization core decides without HTTP: only the sign-in (authorize.signin, which uses
 * Jakarta Security's identity stores) sees Jakarta Security types, and nothing in authorize uses
 * JAX-RS.
 */
class AuthorizeLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jeton.authorize");

    @Test
    void theAuthorizationCoreUsesNeitherServletNorJaxRs() {
        noClasses().that().resideInAPackage("dev.jeton.authorize")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.ws.rs..",
                        "jakarta.security..", "dev.jeton.web..")
                .check(CLASSES);
    }

    @Test
    void theSignInMechanismUsesNoJaxRs() {
        noClasses().that().resideInAPackage("dev.jeton.authorize.signin..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "dev.jeton.web..")
                .check(CLASSES);
    }
}
