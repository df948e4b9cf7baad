package dev.jeton.boot;

import dev.jeton.client.fetch.FetchSettings;
import dev.jeton.client.fetch.OutboundFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The one fetcher for URLs that clients name (metadata documents, jwks_uri), with the operator's rules. */
@ApplicationScoped
public class OutboundFetchProducer {

    @Produces
    @Singleton
    OutboundFetcher outboundFetcher() {
        Config config = ConfigProvider.getConfig();
        return new OutboundFetcher(FetchSettings.from(name -> config.getOptionalValue(name, String.class)));
    }
}
