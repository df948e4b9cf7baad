package dev.jeton.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

import java.util.Map;

/** JAX-RS at the context root, so that {@code /.well-known/…} and {@code /oauth/…} are served. */
@ApplicationPath("/")
@ApplicationScoped
@OpenAPIDefinition(info = @Info(title = "Jeton", version = "0.1",
        description = "OAuth 2.0 / OpenID Connect authorization server.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class JetonApplication extends Application {

    /**
     * No WADL: Jersey would serve {@code /application.wadl} and answer {@code OPTIONS} with a
     * description of every resource, to anyone. The published description is {@code /openapi}.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
