package dev.jeton.boot;

import dev.jeton.client.PairwiseSubjects;
import dev.jeton.persistence.ServerSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The key of the pairwise subject identifiers (OIDC Core §8.1): {@code jeton.oidc.pairwise.secret} when set (at
 * least 32 characters), else a random one the first node makes and every node reads from the database
 * ({@link ServerSecrets}). Changing it changes every pairwise {@code sub} a client knows, so it is kept for good.
 */
@ApplicationScoped
public class PairwiseSubjectsProducer {

    public static final String SECRET = "jeton.oidc.pairwise.secret";
    /** The name of the key in the database when {@link #SECRET} is unset. */
    static final String SHARED_SECRET = "pairwise-subject";
    static final int MIN_SECRET_LENGTH = 32;

    @Inject
    ServerSecrets secrets;

    @Produces
    @Singleton
    PairwiseSubjects pairwiseSubjects() {
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(SECRET, String.class)
                .filter(s -> !s.isBlank());
        if (configured.isPresent() && configured.get().length() < MIN_SECRET_LENGTH) {
            throw new dev.jeton.config.ConfigurationException(SECRET + " must be at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        return new PairwiseSubjects(() -> configured.map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> secrets.shared(SHARED_SECRET)));
    }
}
