package dev.jeton.authorize.signin;

import dev.jeton.user.UserStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks usernames and passwords against Jeton's user store. The caller principal's name is the
 * user's subject (the stable {@code sub}), never the username, which may change.
 *
 * <p>With {@code jeton.users.identity-store=none} this store validates nothing (it declares no
 * validation type, so Jakarta Security skips it) and the operator's own IdentityStore bean
 * decides alone; its caller principal name then becomes the {@code sub}.
 */
@ApplicationScoped
public class UserStoreIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(UserStoreIdentityStore.class.getName());

    @Inject
    UserStore users;

    private IdentityStoreMode mode;

    /** For CDI. */
    public UserStoreIdentityStore() {
    }

    UserStoreIdentityStore(UserStore users, IdentityStoreMode mode) {
        this.users = users;
        this.mode = mode;
    }

    @PostConstruct
    void readMode() {
        mode = IdentityStoreMode.parse(ConfigProvider.getConfig()
                .getOptionalValue(IdentityStoreMode.PROPERTY, String.class));
    }

    /** Reads the setting at deployment, so a bad value stops it instead of failing the first sign-in. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (mode() == IdentityStoreMode.NONE) {
            LOG.info(IdentityStoreMode.PROPERTY + "=none: passwords are checked by the operator's IdentityStore only");
        }
    }

    IdentityStoreMode mode() {
        return mode;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (mode != IdentityStoreMode.DATABASE || !(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return users.authenticate(password.getCaller(), password.getPassword().getValue())
                .map(account -> new CredentialValidationResult(account.subject()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return mode == IdentityStoreMode.DATABASE ? EnumSet.of(ValidationType.VALIDATE) : Set.of();
    }
}
