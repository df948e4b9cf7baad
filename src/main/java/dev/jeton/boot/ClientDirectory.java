package dev.jeton.boot;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.metadata.ClientIdUrl;
import dev.jeton.client.metadata.DocumentResolution;
import dev.jeton.client.metadata.MetadataDocumentClients;
import dev.jeton.persistence.JpaClientStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;

/**
 * The clients every endpoint sees: those the operator declared or that registered themselves (in
 * the database), and, for a {@code client_id} that is an https URL no registered client has, the
 * client its metadata document describes (draft-ietf-oauth-client-id-metadata-document). Every
 * fetch of a document is audited: {@code client_metadata_document_fetched}, or
 * {@code client_metadata_document_refused} with the reason; answers from the cache are not.
 */
@ApplicationScoped
public class ClientDirectory implements ClientStore {

    @Inject
    JpaClientStore registered;
    @Inject
    MetadataDocumentClients documents;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        Optional<RegisteredClient> client = registered.find(clientId);
        if (client.isPresent() || !ClientIdUrl.claimsToBeDocument(clientId)) {
            return client;
        }
        MetadataDocumentClients.Lookup lookup = documents.resolve(clientId);
        if (lookup.fetched()) {
            audit.fire(event(clientId, lookup.resolution()));
        }
        return lookup.resolution() instanceof DocumentResolution.Resolved resolved
                ? Optional.of(resolved.client()) : Optional.empty();
    }

    @Override
    public Optional<String> refusal(String clientId) {
        if (!ClientIdUrl.claimsToBeDocument(clientId)) {
            return Optional.empty();
        }
        return documents.lastRefusal(clientId).map(r -> "The client metadata document was not accepted: "
                + r.message() + ".");
    }

    private AuditEvent event(String clientId, DocumentResolution resolution) {
        if (resolution instanceof DocumentResolution.Refused refused) {
            return AuditEvent.failure(AuditEventName.CLIENT_METADATA_DOCUMENT_REFUSED, clock.instant(), clientId,
                    null, "invalid_client", refused.refusal().reason().wireName(), null);
        }
        return AuditEvent.success(AuditEventName.CLIENT_METADATA_DOCUMENT_FETCHED, clock.instant(), clientId, null,
                null, null, null);
    }
}
