package dev.jeton.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jeton.authorize.CsrfToken;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecretPostAuthenticator;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.PublicClientAuthenticator;
import dev.jeton.grant.authorizationcode.AuthorizationCodeGrantHandler;
import dev.jeton.grant.authorizationcode.Pkce;
import dev.jeton.persistence.JpaUserStore;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.user.PasswordHasher;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets, PKCE verifiers, password hashes and CSRF tokens are compared in constant time
 * (a timing side channel, CWE-208; DESIGN.md): the one routine that does it is
 * {@link MessageDigest#isEqual}, whose time does not depend on where the inputs differ. These
 * rules fail the build when a comparison is rewritten with {@code equals} or when an
 * authenticator stops going through the constant-time check.
 */
class ConstantTimeComparisonTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jeton");

    @Test
    void everySecretComparisonIsMessageDigestIsEqual() {
        assertCalls(ClientSecrets.class, "matches", MessageDigest.class, "isEqual");
        assertCalls(Pkce.class, "verifies", MessageDigest.class, "isEqual");
        assertCalls(PasswordHasher.class, "verify", MessageDigest.class, "isEqual");
        assertCalls(CsrfToken.class, "matches", MessageDigest.class, "isEqual");
    }

    @Test
    void theCheckersGoThroughTheConstantTimeRoutines() {
        assertCalls(ClientSecretBasicAuthenticator.class, "verify", ClientSecrets.class, "matches");
        assertCalls(ClientSecretPostAuthenticator.class, "verify", ClientSecrets.class, "matches");
        assertCalls(AuthorizationCodeGrantHandler.class, "checkPkce", Pkce.class, "verifies");
        assertCalls(JpaUserStore.class, "authenticate", PasswordHasher.class, "verify");
    }

    @Test
    void classesHoldingSecretMaterialNeverCompareWithEquals() {
        noClasses().that().belongToAnyOf(ClientSecrets.class, Pkce.class, CsrfToken.class, TokenHashes.class,
                        ClientSecretBasicAuthenticator.class, ClientSecretPostAuthenticator.class,
                        PublicClientAuthenticator.class)
                .should().callMethod(String.class, "equals", Object.class)
                .orShould().callMethod(String.class, "contentEquals", CharSequence.class)
                .orShould().callMethod(String.class, "compareTo", String.class)
                .orShould().callMethod(Objects.class, "equals", Object.class, Object.class)
                .orShould().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .orShould().callMethod(Arrays.class, "equals", char[].class, char[].class)
                .because("a comparison that stops at the first difference tells an attacker how much was right")
                .check(CLASSES);
        // PasswordHasher compares its scheme name with equals (not secret), but never the derived key bytes
        noClasses().that().belongToAnyOf(PasswordHasher.class)
                .should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .orShould().callMethod(Arrays.class, "equals", char[].class, char[].class)
                .check(CLASSES);
    }

    /** Some method named {@code method} of {@code owner} (any overload, lambdas inside included) calls {@code target.name}. */
    private static void assertCalls(Class<?> owner, String method, Class<?> target, String name) {
        JavaClass javaClass = CLASSES.get(owner);
        boolean methodExists = javaClass.getMethods().stream().anyMatch(m -> m.getName().equals(method));
        assertTrue(methodExists, owner.getSimpleName() + "." + method + " no longer exists: update this rule");
        boolean calls = javaClass.getMethods().stream()
                .filter(m -> m.getName().equals(method) || m.getName().startsWith("lambda$" + method))
                .map(JavaMethod::getMethodCallsFromSelf)
                .flatMap(java.util.Set::stream)
                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(target) && call.getName().equals(name));
        assertTrue(calls, owner.getSimpleName() + "." + method + " must call " + target.getSimpleName() + "." + name);
    }
}
