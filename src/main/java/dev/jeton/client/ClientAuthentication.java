package dev.jeton.client;

import dev.jeton.error.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides who the client is (RFC 6749 §2.3): exactly one method may be presented, it must be
 * the method the client registered, and its credential must verify.
 * <p>
 * Every failure a client could use to probe for registered ids reads the same
 * ("Client authentication failed."); the {@link AuthFailure} in the result says which it was.
 */
@ApplicationScoped
public class ClientAuthentication {

    static final String FAILED = "Client authentication failed.";

    private final ClientStore clients;
    private final List<ClientAuthenticator> credentialMethods;
    private final ClientAuthenticator publicMethod;

    @Inject
    public ClientAuthentication(ClientStore clients, Instance<ClientAuthenticator> authenticators) {
        this(clients, authenticators.stream().toList());
    }

    public ClientAuthentication(ClientStore clients, List<ClientAuthenticator> authenticators) {
        this.clients = Objects.requireNonNull(clients);
        this.credentialMethods = authenticators.stream().filter(a -> a.method() != ClientAuthMethod.NONE).toList();
        this.publicMethod = authenticators.stream().filter(a -> a.method() == ClientAuthMethod.NONE)
                .findFirst().orElse(null);
    }

    /** For CDI's client proxy only. */
    protected ClientAuthentication() {
        this.clients = null;
        this.credentialMethods = null;
        this.publicMethod = null;
    }

    public Result authenticate(ClientAuthRequest request) {
        List<Presentation.Presented> presented = new ArrayList<>();
        for (ClientAuthenticator method : credentialMethods) {
            Presentation p = method.presentation(request);
            if (p instanceof Presentation.Malformed m) {
                return fail(m.error(), m.reason(), claimedId(request));
            }
            if (p instanceof Presentation.Presented ok) {
                presented.add(ok);
            }
        }
        // RFC 7523 §2.2 assertions count as a method of their own once private_key_jwt is deployed
        boolean assertion = isAssertionAttempt(request) && credentialMethods.stream()
                .noneMatch(m -> m.method() == ClientAuthMethod.PRIVATE_KEY_JWT);
        if (presented.size() + (assertion ? 1 : 0) > 1) {
            return fail(OAuthError.invalidRequest("More than one client authentication method was used."),
                    AuthFailure.MULTIPLE_METHODS, claimedId(request));
        }
        if (assertion) {
            // RFC 7523 §2.2 assertions are only honoured once a private_key_jwt method is registered.
            return fail(OAuthError.invalidClient("The client authentication method is not supported."),
                    AuthFailure.UNSUPPORTED_METHOD, claimedId(request));
        }
        if (presented.isEmpty() && publicMethod != null
                && publicMethod.presentation(request) instanceof Presentation.Presented p) {
            presented.add(p);
        }
        if (presented.isEmpty()) {
            return fail(OAuthError.invalidClient("Client authentication is required."), AuthFailure.NO_CREDENTIALS, null);
        }
        Presentation.Presented credential = presented.get(0);
        Optional<String> bodyClientId = request.parameters().get("client_id");
        if (bodyClientId.isPresent() && !bodyClientId.get().equals(credential.clientId())) {
            return fail(OAuthError.invalidRequest("client_id does not match the authenticated client."),
                    AuthFailure.CLIENT_ID_MISMATCH, credential.clientId());
        }
        return verify(credential, request);
    }

    /**
     * The registered client the request claims to be, before anything is verified: for policy that
     * must be applied before authentication spends anything (a DPoP nonce challenge must come before
     * a client assertion's jti is used up, or the client's retry would be a replay).
     */
    public Optional<RegisteredClient> claimedClient(ClientAuthRequest request) {
        List<ClientAuthenticator> all = new ArrayList<>(credentialMethods);
        if (publicMethod != null) {
            all.add(publicMethod);
        }
        for (ClientAuthenticator method : all) {
            if (method.presentation(request) instanceof Presentation.Presented p) {
                return clients.find(p.clientId()).filter(RegisteredClient::enabled);
            }
        }
        return Optional.empty();
    }

    private Result verify(Presentation.Presented credential, ClientAuthRequest request) {
        Optional<RegisteredClient> found = clients.find(credential.clientId());
        if (found.isEmpty()) {
            Optional<String> refusal = clients.refusal(credential.clientId());
            if (refusal.isPresent()) {
                // a metadata document is public: saying why it was refused reveals nothing, and helps its author
                return fail(OAuthError.invalidClient(refusal.get()), AuthFailure.METADATA_DOCUMENT_REFUSED,
                        credential.clientId());
            }
            ClientSecrets.simulateCheck(credential.credential());
            return fail(OAuthError.invalidClient(FAILED), AuthFailure.UNKNOWN_CLIENT, credential.clientId());
        }
        RegisteredClient client = found.get();
        if (!client.enabled()) {
            ClientSecrets.simulateCheck(credential.credential());
            return fail(OAuthError.invalidClient(FAILED), AuthFailure.CLIENT_DISABLED, client.clientId());
        }
        if (client.authMethod() != credential.method()) {
            ClientSecrets.simulateCheck(credential.credential());
            return fail(OAuthError.invalidClient(FAILED), AuthFailure.METHOD_NOT_REGISTERED, client.clientId());
        }
        ClientAuthenticator method = credential.method() == ClientAuthMethod.NONE ? publicMethod
                : credentialMethods.stream().filter(m -> m.method() == credential.method()).findFirst().orElseThrow();
        Optional<AuthFailure> failure = method.check(credential, client, request);
        if (failure.isPresent()) {
            return fail(OAuthError.invalidClient(FAILED), failure.get(), client.clientId());
        }
        return new Result.Authenticated(client, credential.method());
    }

    private static boolean isAssertionAttempt(ClientAuthRequest request) {
        return request.parameters().has("client_assertion") || request.parameters().has("client_assertion_type");
    }

    private static String claimedId(ClientAuthRequest request) {
        return request.parameters().get("client_id").orElse(null);
    }

    private static Result fail(OAuthError error, AuthFailure reason, String claimedClientId) {
        return new Result.Failed(error, reason, claimedClientId);
    }

    /** The outcome of client authentication. */
    public sealed interface Result {

        record Authenticated(RegisteredClient client, ClientAuthMethod method) implements Result {
        }

        /** @param claimedClientId the id the request claimed, for audit only; may be null */
        record Failed(OAuthError error, AuthFailure reason, String claimedClientId) implements Result {
        }
    }
}
