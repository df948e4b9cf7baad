package dev.jeton.web.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * META-INF/openapi.yaml is read at deployment by the server's OpenAPI implementation
 * (SmallRye with Jackson's YAML parser on WildFly, Payara's own processor on Payara). An
 * unquoted "key: value" inside a plain scalar is a YAML syntax error: WildFly then fails the
 * whole deployment and Payara serves a document without the static part. This test reads the
 * file with the same strict parser, before any server is started.
 */
class StaticOpenApiDocumentTest {

    private static String document() throws Exception {
        try (InputStream in = StaticOpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml is on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theStaticDocumentIsYamlThatJacksonReadsStrictly() throws Exception {
        JsonNode root = new YAMLMapper().readTree(document());
        assertTrue(root.path("components").path("schemas").size() > 0, "the static part carries the shared schemas");
        assertTrue(root.path("components").path("schemas").has("ClientEnabledChange"));
    }

    @Test
    void theStaticDocumentHasNoOpenApiParseMessages() throws Exception {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, null);
        assertNotNull(result.getOpenAPI(), "the parser built a model");
        // the static part alone has no paths (the server adds them), so only syntax and schema messages count
        assertEquals(java.util.List.of(), result.getMessages().stream()
                .filter(m -> !m.contains("attribute paths is missing")).toList());
    }
}
