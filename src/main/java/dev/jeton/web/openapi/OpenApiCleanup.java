package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the generated document valid OpenAPI 3 where Payara's scanner is not
 * ({@code mp.openapi.filter}): it writes {@code multipleOf: 0} for every {@code @Schema} without
 * one (the specification wants it &gt; 0), lists a tag once per class that uses it, and derives
 * operation ids from Java method names, which repeat across resources ({@code get}, {@code form}).
 * Ids that repeat become method + path ({@code getOauthUserinfo}); unique ids stay as they are.
 */
public class OpenApiCleanup implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getMultipleOf() != null && schema.getMultipleOf().compareTo(BigDecimal.ZERO) <= 0) {
            schema.setMultipleOf(null);
        }
        // the annotation defaults come out as constraints: maxProperties 0 would forbid every property
        if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMaxLength())) {
            schema.setMaxLength(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (Integer.valueOf(0).equals(schema.getMaxItems())) {
            schema.setMaxItems(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinItems())) {
            schema.setMinItems(null);
        }
        clearFalse(schema, "ExclusiveMaximum");
        clearFalse(schema, "ExclusiveMinimum");
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        clearFalse(schema, "Nullable");
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        return schema;
    }

    /**
     * Removes {@code exclusiveMaximum: false}, {@code exclusiveMinimum: false} and
     * {@code nullable: false}, which Payara's scanner writes for every {@code @Schema}. Between
     * MicroProfile OpenAPI 3.1 (Payara; OpenAPI 3.0) and 4 (WildFly; OpenAPI 3.1) the exclusive
     * bounds changed type ({@code Boolean} to {@code BigDecimal}) and {@code nullable} is gone: a
     * compiled call links to one signature and fails with {@code NoSuchMethodError} on the other
     * server, which fails the deployment. So they are looked up by name and only touched when they
     * hold a Boolean false; under version 4 there is no such value and nothing is done.
     * {@code OpenApiSignaturesTest} keeps this class from calling any method whose signature
     * differs between the two versions.
     */
    static void clearFalse(Schema schema, String property) {
        try {
            Method getter = Schema.class.getMethod("get" + property);
            if (!Boolean.FALSE.equals(getter.invoke(schema))) {
                return;
            }
            Schema.class.getMethod("set" + property, Boolean.class).invoke(schema, (Object) null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not this API version's shape: nothing to clean up
        }
    }

    /**
     * The scanner adds {@code application/json} with an empty object schema for an entity parameter
     * (an {@code InputStream}) next to the media type {@code @RequestBody} names; the endpoint does
     * not take JSON, so that guess goes.
     */
    @Override
    public RequestBody filterRequestBody(RequestBody requestBody) {
        Content content = requestBody.getContent();
        if (content != null && content.getMediaTypes() != null && content.getMediaTypes().size() > 1) {
            MediaType json = content.getMediaType("application/json");
            Schema schema = json == null ? null : json.getSchema();
            if (schema != null && schema.getRef() == null && schema.getDescription() == null
                    && (schema.getProperties() == null || schema.getProperties().isEmpty())) {
                content.removeMediaType("application/json");
            }
        }
        return requestBody;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getTags() != null) {
            Map<String, Tag> unique = new LinkedHashMap<>();
            for (Tag tag : openAPI.getTags()) {
                unique.merge(tag.getName(), tag, (a, b) -> a.getDescription() != null ? a : b);
            }
            openAPI.setTags(new ArrayList<>(unique.values()));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Integer> uses = new HashMap<>();
        List<Map.Entry<String, Map.Entry<PathItem.HttpMethod, Operation>>> operations = new ArrayList<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            operations.add(Map.entry(path, Map.entry(method, operation)));
            if (operation.getOperationId() != null) {
                uses.merge(operation.getOperationId(), 1, Integer::sum);
            }
        }));
        for (var entry : operations) {
            Operation operation = entry.getValue().getValue();
            if (operation.getOperationId() == null || uses.get(operation.getOperationId()) > 1) {
                operation.setOperationId(idFor(entry.getValue().getKey(), entry.getKey()));
            }
        }
    }

    /** GET /oauth/userinfo is getOauthUserinfo; /admin/users/{username}/password is putAdminUsersUsernamePassword. */
    static String idFor(PathItem.HttpMethod method, String path) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String part : path.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
