package dev.jeton.persistence;

import dev.jeton.client.DeclaredClients;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Imports the operator's clients file at start. Idempotent: unchanged clients are left alone,
 * changed ones are updated, and clients that came from the file but are no longer in it are
 * disabled (kept for the record, no longer able to authenticate).
 */
@ApplicationScoped
public class ClientFileImport {

    private static final Logger LOG = Logger.getLogger(ClientFileImport.class.getName());
    static final String SOURCE = "file";

    @Inject
    JetonSettings settings;
    @Inject
    JpaClientStore store;
    @Inject
    Clock clock;
    @Inject
    dev.jeton.client.Fapi2Settings fapi2 = dev.jeton.client.Fapi2Settings.OFF;

    public void run() {
        if (settings.clientsFile().isEmpty()) {
            LOG.info("No clients file configured (" + JetonSettings.CLIENTS_FILE + ")");
            return;
        }
        Path file = settings.clientsFile().get();
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(JetonSettings.CLIENTS_FILE + ": no file at " + file);
        }
        List<RegisteredClient> clients = new DeclaredClients(settings, System::getenv, fapi2.serverWide())
                .read(file);
        int changed = 0;
        for (RegisteredClient client : clients) {
            if (store.save(client, SOURCE, clock.instant())) {
                changed++;
            }
        }
        List<String> disabled = store.disableOthers(SOURCE, clients.stream().map(RegisteredClient::clientId).toList(),
                clock.instant());
        LOG.info("Clients file " + file + ": " + clients.size() + " clients, " + changed + " created or updated, "
                + disabled.size() + " disabled " + disabled);
    }
}
