package dev.jeton.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jeton.config.UpwardImportFixture;
import dev.jeton.grant.CoreViolationFixture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of Jeton, each importing only the layers below it (and its own):
 * <ol>
 *   <li><b>foundation</b>: {@code error}, {@code request} (strict form decoding), {@code config}
 *       (settings only), {@code vocabulary} (grant types, scope syntax, token ids and hashes) and
 *       {@code audit} (the audit events as data, which the core returns);</li>
 *   <li><b>core</b>: {@code replay}, {@code user}, {@code client} (and {@code client.registration}),
 *       {@code dpop}, {@code mtls} (client certificates, RFC 8705), {@code throttle}, {@code token},
 *       {@code jose}, {@code grant.*},
 *       {@code authorize}, {@code lifecycle}, {@code session}, {@code logout}: the protocol, callable from a unit test with in-memory
 *       stores, free of HTTP, JMS and JPA;</li>
 *   <li><b>adapters</b>: {@code persistence} (JPA), {@code audit.outbox} (outbox, relay, JMS sender),
 *       {@code web} (JAX-RS), {@code tools} (the operator's command line), {@code metrics} (the server's
 *       metrics registry, when it has one), {@code health} (MicroProfile Health checks);</li>
 *   <li><b>wiring</b>: {@code boot}, the deployment's start-up, which may see everything.</li>
 * </ol>
 * No package may be part of a dependency cycle with another, inside a layer too. A new top-level
 * package must be given its layer here ({@link #LAYERS} fails on a class outside every layer).
 */
class LayeringTest {

    static final String[] FOUNDATION = {"dev.jeton.error..", "dev.jeton.request..", "dev.jeton.config..",
            "dev.jeton.vocabulary..", "dev.jeton.audit"};
    static final String[] CORE = {"dev.jeton.replay..", "dev.jeton.user..", "dev.jeton.client..",
            "dev.jeton.dpop..", "dev.jeton.mtls..", "dev.jeton.throttle..", "dev.jeton.token..", "dev.jeton.jose..",
            "dev.jeton.grant..", "dev.jeton.authorize..", "dev.jeton.lifecycle..", "dev.jeton.session..",
            "dev.jeton.logout.."};
    static final String[] ADAPTERS = {"dev.jeton.persistence..", "dev.jeton.audit.outbox..", "dev.jeton.web..",
            "dev.jeton.tools..", "dev.jeton.metrics..", "dev.jeton.health.."};
    static final String[] WIRING = {"dev.jeton.boot.."};

    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("foundation").definedBy(FOUNDATION)
            .layer("core").definedBy(CORE)
            .layer("adapters").definedBy(ADAPTERS)
            .layer("wiring").definedBy(WIRING)
            .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
            .whereLayer("adapters").mayOnlyBeAccessedByLayers("wiring")
            .whereLayer("core").mayOnlyBeAccessedByLayers("adapters", "wiring")
            .because("a layer imports only the layers below it");

    static final ArchRule NO_CYCLES = slices().matching("dev.jeton.(**)").should().beFreeOfCycles()
            .because("a package that imports a package importing it cannot be read, tested or moved alone");

    static final ArchRule CORE_WITHOUT_JPA_WEB_PERSISTENCE_OR_OUTBOX = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "dev.jeton.web..",
                    "dev.jeton.persistence..", "dev.jeton.audit.outbox..", "dev.jeton.boot..")
            .because("the core works on its store interfaces and returns audit events as data;"
                    + " JPA, HTTP, the outbox and the wiring are plugged in from above");

    static final ArchRule CORE_WITHOUT_HTTP_OR_JMS = noClasses().that().resideInAnyPackage(CORE)
            .or().resideInAnyPackage(FOUNDATION)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..",
                    "jakarta.jms..")
            .because("the core can be called from a unit test and reused by any transport");

    static final ArchRule JAX_RS_ONLY_IN_WEB = noClasses().that().resideOutsideOfPackage("dev.jeton.web..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..");

    static final List<ArchRule> RULES = List.of(LAYERS, NO_CYCLES, CORE_WITHOUT_JPA_WEB_PERSISTENCE_OR_OUTBOX,
            CORE_WITHOUT_HTTP_OR_JMS, JAX_RS_ONLY_IN_WEB);

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jeton");

    @Test
    void eachLayerImportsOnlyTheLayersBelowIt() {
        LAYERS.check(CLASSES);
    }

    @Test
    void noPackageIsInADependencyCycle() {
        NO_CYCLES.check(CLASSES);
    }

    @Test
    void coreImportsNoJpaWebPersistenceOutboxOrWiring() {
        CORE_WITHOUT_JPA_WEB_PERSISTENCE_OR_OUTBOX.check(CLASSES);
    }

    @Test
    void coreAndFoundationUseNoJaxRsServletOrJms() {
        CORE_WITHOUT_HTTP_OR_JMS.check(CLASSES);
    }

    @Test
    void onlyTheWebLayerUsesJaxRs() {
        JAX_RS_ONLY_IN_WEB.check(CLASSES);
    }

    /** The rules are not vacuous: each one catches the violations planted in test-only classes. */
    @Test
    void eachRuleCatchesAViolation() {
        JavaClasses violations = new ClassFileImporter().importClasses(CoreViolationFixture.class,
                UpwardImportFixture.class);
        for (ArchRule rule : RULES) {
            assertTrue(rule.evaluate(violations).hasViolation(), "not caught: " + rule.getDescription());
        }
    }
}
