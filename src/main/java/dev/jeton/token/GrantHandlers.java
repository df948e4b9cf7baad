package dev.jeton.token;

import dev.jeton.vocabulary.GrantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The grant handlers, one per grant type; two for one grant type stop the deployment. */
@ApplicationScoped
public class GrantHandlers {

    private final Map<GrantType, GrantHandler> byType;

    @Inject
    public GrantHandlers(Instance<GrantHandler> handlers) {
        this((Iterable<GrantHandler>) handlers);
    }

    public GrantHandlers(Iterable<GrantHandler> handlers) {
        Map<GrantType, GrantHandler> map = new EnumMap<>(GrantType.class);
        for (GrantHandler handler : handlers) {
            GrantHandler previous = map.putIfAbsent(handler.grantType(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for grant " + handler.grantType().wireValue() + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        this.byType = Collections.unmodifiableMap(map);
    }

    /** For CDI's client proxy only. */
    protected GrantHandlers() {
        this.byType = null;
    }

    public Optional<GrantHandler> forType(GrantType type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The grant types served, for discovery (RFC 8414 {@code grant_types_supported}). */
    public Set<GrantType> supported() {
        return byType.keySet();
    }
}
