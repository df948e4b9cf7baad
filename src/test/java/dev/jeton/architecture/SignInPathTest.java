package dev.jeton.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.PasswordSignIn;
import dev.jeton.authorize.signin.SignInSession;
import dev.jeton.authorize.signin.UserStoreIdentityStore;
import dev.jeton.user.UserStore;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every successful sign-in goes through one gate, {@link PasswordSignIn} (issue #11: the device
 * activation had a copied sign-in without the throttle and the audit; issue #12 asks for this
 * net). Only it checks passwords, makes {@link SignIn} records and starts a session's sign-in;
 * nothing logs a caller in through the container (an auto-applied container session answered
 * "signed in" before the password was checked, so prompt=login accepted any password).
 */
class SignInPathTest {

    private static final String GATE = PasswordSignIn.class.getName();
    /** Reads back the pending requests every node shares (issue #19), PasswordSignIn's records among them. */
    private static final String STORED_PENDING = "dev.jeton.authorize.PendingAuthorizationJson";

    static final List<ArchRule> RULES = List.of(
            noClasses().that().doNotHaveFullyQualifiedName(GATE)
                    .should().callMethodWhere(target(name("validate"))
                            .and(target(owner(assignableTo(IdentityStoreHandler.class)
                                    .or(assignableTo(IdentityStore.class))))))
                    .because("passwords are checked only by the one sign-in path"),
            noClasses().that().doNotHaveFullyQualifiedName(UserStoreIdentityStore.class.getName())
                    .should().callMethodWhere(target(name("authenticate"))
                            .and(target(owner(assignableTo(UserStore.class)))))
                    .because("the user store's password check is reached only through the identity store"),
            noClasses().that().doNotHaveFullyQualifiedName(GATE).and().doNotHaveFullyQualifiedName(SignIn.class.getName())
                    .and().doNotHaveFullyQualifiedName(STORED_PENDING)
                    .should().callConstructorWhere(target(owner(type(SignIn.class))))
                    .because("a sign-in record exists only after the password was checked (a session row read back "
                            + "is turned into one by PasswordSignIn.resumed, since only PasswordSignIn starts sessions; "
                            + "a pending request's signedInHere read back from the shared store is the record "
                            + "PasswordSignIn made, and counts only where it equals the session's own, "
                            + "AuthorizationFlow.needsSignIn)"),
            noClasses().that().doNotHaveFullyQualifiedName(GATE)
                    .should().callMethodWhere(target(name("begin"))
                            .and(target(owner(assignableTo(SignInSession.class)))))
                    .because("only the one sign-in path starts a session's sign-in"),
            noClasses().should().callMethodWhere(target(name("authenticate"))
                            .and(target(owner(assignableTo(SecurityContext.class)))))
                    .because("no container login beside the session's sign-in record"),
            noClasses().should().implement(HttpAuthenticationMechanism.class)
                    .orShould().beAnnotatedWith(AutoApplySession.class)
                    .because("a container mechanism would be a second sign-in path"));

    @Test
    void everySignInGoesThroughPasswordSignIn() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jeton");
        RULES.forEach(rule -> rule.check(main));
    }

    @Test
    void eachRuleCatchesASecondSignInPath() {
        JavaClasses copy = new ClassFileImporter().importClasses(SecondSignInPath.class);
        for (ArchRule rule : RULES) {
            assertTrue(rule.evaluate(copy).hasViolation(), "not caught: " + rule.getDescription());
        }
    }
}
