package dev.jeton.grant.tokenexchange;

import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The token exchange policy and trusted issuers from MicroProfile Config, read once. */
@ApplicationScoped
public class TokenExchangeProducer {

    @Inject
    JetonSettings settings;

    @Produces
    @Singleton
    TokenExchangeSettings exchangeSettings() {
        Config config = ConfigProvider.getConfig();
        return TokenExchangeSettings.from(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    @Singleton
    TrustedIssuers trustedIssuers(TokenExchangeSettings exchange) {
        return exchange.trustedIssuersFile().map(f -> TrustedIssuers.read(f, settings.issuer().toString()))
                .orElse(TrustedIssuers.NONE);
    }
}
