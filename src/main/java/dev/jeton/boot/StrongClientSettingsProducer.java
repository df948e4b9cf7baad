package dev.jeton.boot;

import dev.jeton.authorize.ParSettings;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.dpop.DpopSettings;
import dev.jeton.mtls.MtlsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import dev.jeton.persistence.ServerSecrets;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.function.Function;

/** The settings of the strong-client features (private_key_jwt, DPoP, PAR, mutual TLS), read once and validated. */
@ApplicationScoped
public class StrongClientSettingsProducer {

    private static Function<String, Optional<String>> lookup() {
        Config config = ConfigProvider.getConfig();
        return name -> config.getOptionalValue(name, String.class);
    }

    /** The name of the DPoP nonce key in the database, when jeton.dpop.nonce-secret is unset. */
    static final String DPOP_NONCE_SECRET = "dpop-nonce";

    @Inject
    ServerSecrets secrets;

    @Produces
    @Singleton
    DpopSettings dpopSettings() {
        return DpopSettings.from(lookup(), () -> secrets.shared(DPOP_NONCE_SECRET));
    }

    @Produces
    @Singleton
    dev.jeton.client.Fapi2Settings fapi2Settings() {
        return dev.jeton.client.Fapi2Settings.from(lookup());
    }

    @Produces
    @Singleton
    MtlsSettings mtlsSettings() {
        return MtlsSettings.from(lookup());
    }

    @Produces
    @Singleton
    ParSettings parSettings() {
        return ParSettings.from(lookup());
    }

    @Produces
    @Singleton
    ClientKeySettings clientKeySettings() {
        return ClientKeySettings.from(lookup());
    }
}
