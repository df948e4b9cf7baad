package dev.jeton.lifecycle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthError;
import dev.jeton.throttle.ClientAuthenticationGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the introspection endpoint (RFC 7662 §2.1: "the protected resource ... MUST
 * authenticate"; §4: the endpoint must not become a token-scanning oracle). Two kinds of caller:
 * a confidential client authenticating as at the token endpoint, behind the same throttle; or a
 * resource server presenting one of our access tokens that carries {@link #requiredScope()},
 * issued to a client that is still registered and enabled. Public clients may not introspect.
 * The transport verifies the access token itself (signature, expiry, scope) and hands over its
 * {@code client_id}; every other decision is made here.
 */
@ApplicationScoped
public class IntrospectionCallers {

    /** The decision, with the audit events it produced (a refusal's included). */
    public sealed interface Decision {
        List<AuditEvent> events();

        record Allowed(RegisteredClient caller, List<AuditEvent> events) implements Decision {
        }

        record Refused(OAuthError error, List<AuditEvent> events) implements Decision {
        }
    }

    private ClientAuthentication authentication;
    private ClientAuthenticationGate gate;
    private ClientStore clients;
    private String requiredScope;

    @Inject
    public IntrospectionCallers(ClientAuthentication authentication, ClientAuthenticationGate gate,
                                ClientStore clients, LifecycleSettings settings) {
        this.authentication = Objects.requireNonNull(authentication);
        this.gate = Objects.requireNonNull(gate);
        this.clients = Objects.requireNonNull(clients);
        this.requiredScope = settings.introspectionScope();
    }

    /** For CDI's client proxy only. */
    protected IntrospectionCallers() {
    }

    /** The scope an access token must carry to stand for its caller. */
    public String requiredScope() {
        return requiredScope;
    }

    /** A resource server whose access token (verified, with {@link #requiredScope()}) names {@code clientId}. */
    public Decision byAccessToken(String clientId, Instant now, String address) {
        Optional<RegisteredClient> client = Optional.ofNullable(clientId).flatMap(clients::find)
                .filter(RegisteredClient::enabled);
        if (client.isEmpty()) {
            return refused(OAuthError.invalidClient("The token's client is not registered."), null, "UNKNOWN_CLIENT",
                    List.of(), now, address);
        }
        return new Decision.Allowed(client.get(), List.of());
    }

    /** A client authenticating with its credentials, throttled as at the token endpoint (429 slow_down). */
    public Decision byClientAuthentication(ClientAuthRequest request, String address) {
        ClientAuthenticationGate.Gated gated = gate.authenticate(authentication, request, address);
        ClientAuthentication.Result result = gated.result();
        if (result instanceof ClientAuthentication.Result.Failed failed) {
            return refused(failed.error(), failed.claimedClientId(), failed.reason().name(), gated.events(),
                    request.now(), address);
        }
        ClientAuthentication.Result.Authenticated authenticated = (ClientAuthentication.Result.Authenticated) result;
        if (authenticated.method() == ClientAuthMethod.NONE) {
            // RFC 7662 §4: a client anyone can be must not learn about tokens
            return refused(OAuthError.invalidClient("Public clients cannot introspect tokens."),
                    authenticated.client().clientId(), "PUBLIC_CLIENT", gated.events(), request.now(), address);
        }
        return new Decision.Allowed(authenticated.client(), gated.events());
    }

    private static Decision refused(OAuthError error, String clientId, String reason, List<AuditEvent> before,
                                    Instant now, String address) {
        List<AuditEvent> events = new ArrayList<>(before);
        events.add(AuditEvent.failure(AuditEventName.INTROSPECTION_DENIED, now, clientId, null,
                error.code().wireValue(), reason, address));
        return new Decision.Refused(error, List.copyOf(events));
    }
}
