package dev.jeton.web.openapi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI filter runs inside the server against the server's MicroProfile OpenAPI API:
 * version 3.1 on Payara, 4.x on WildFly. A call compiled against 3.1 whose method changed its
 * signature in 4 ({@code Schema.getExclusiveMaximum()} returns {@code Boolean} in 3.1 and
 * {@code BigDecimal} in 4) links to nothing on WildFly: {@code NoSuchMethodError}, and the
 * deployment fails. This test takes every MicroProfile OpenAPI method that Jeton's classes call
 * and looks for the same name, parameter types and return type in the 4.x API jar that WildFly
 * 39 ships (copied to target/runtime by the build).
 */
class OpenApiSignaturesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jeton");

    private static List<JavaMethodCall> openApiCalls() {
        List<JavaMethodCall> calls = new ArrayList<>();
        CLASSES.forEach(c -> c.getMethodCallsFromSelf().stream()
                .filter(call -> call.getTargetOwner().getPackageName().startsWith("org.eclipse.microprofile.openapi"))
                .forEach(calls::add));
        return calls;
    }

    @Test
    void everyOpenApiMethodJetonCallsHasTheSameSignatureInVersion4() throws Exception {
        File jar = new File(System.getProperty("jeton.runtime.dir", "target/runtime"), "microprofile-openapi-api-4.jar");
        assertTrue(jar.isFile(), "the build copies the MicroProfile OpenAPI 4 API to " + jar + " (mvn test)");
        List<JavaMethodCall> calls = openApiCalls();
        assertFalse(calls.isEmpty(), "OpenApiCleanup calls the OpenAPI model: the scan found nothing");
        TreeSet<String> missing = new TreeSet<>();
        // parent null: the 4.x classes, not the 3.1 ones this test was compiled against
        try (URLClassLoader v4 = new URLClassLoader(new URL[]{jar.toURI().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (JavaMethodCall call : calls) {
                var target = call.getTarget();
                String owner = target.getOwner().getName();
                Class<?> type = Class.forName(owner, false, v4);
                String[] params = target.getRawParameterTypes().stream().map(p -> p.getName()).toArray(String[]::new);
                boolean found = false;
                for (Method m : allMethods(type)) {
                    String[] mParams = Arrays.stream(m.getParameterTypes()).map(Class::getName).toArray(String[]::new);
                    if (m.getName().equals(target.getName()) && Arrays.equals(mParams, params)
                            && m.getReturnType().getName().equals(target.getRawReturnType().getName())) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    missing.add(owner + "." + target.getName() + Arrays.toString(params) + " -> "
                            + target.getRawReturnType().getName() + " (called in " + call.getOrigin().getFullName() + ")");
                }
            }
        }
        assertEquals(new TreeSet<String>(), missing, "methods that would fail to link on WildFly (MicroProfile OpenAPI 4)");
    }

    @Test
    void theFilterDoesNotLinkToTheExclusiveBoundsWhoseTypeChanged() {
        List<String> bad = openApiCalls().stream().map(call -> call.getTarget().getName())
                .filter(name -> name.matches("(get|set)Exclusive(Maximum|Minimum)")).toList();
        assertEquals(List.of(), bad);
    }

    private static List<Method> allMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>(Arrays.asList(type.getMethods()));
        return methods;
    }
}
