package dev.jeton.persistence;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * persistence.xml excludes unlisted classes, so an entity missing from its list fails only on the
 * server, at the first query. The test database must map the same entities the server does.
 */
class PersistenceUnitTest {

    @Test
    void everyEntityIsListedInPersistenceXmlAndInTheTestDatabase() throws Exception {
        Set<String> entities = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jeton").stream()
                .filter(c -> c.isAnnotatedWith(Entity.class))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(entities, listedInPersistenceXml());
        assertEquals(entities, JpaTestDatabase.ENTITIES.stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static Set<String> listedInPersistenceXml() throws Exception {
        try (InputStream in = PersistenceUnitTest.class.getResourceAsStream("/META-INF/persistence.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> listed = new TreeSet<>();
            Matcher m = Pattern.compile("<class>\\s*([\\w.$]+)\\s*</class>").matcher(xml);
            while (m.find()) {
                listed.add(m.group(1));
            }
            return listed;
        }
    }
}
