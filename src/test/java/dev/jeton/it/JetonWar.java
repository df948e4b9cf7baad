package dev.jeton.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The WAR that {@code mvn package} built, exactly as an operator deploys it. */
final class JetonWar {

    private JetonWar() {
    }

    static WebArchive packaged() {
        File war = new File(System.getProperty("jeton.war", "target/jeton.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("run the integration tests with mvn verify: no " + war);
        }
        return ShrinkWrap.create(ZipImporter.class, "jeton.war").importFrom(war).as(WebArchive.class);
    }
}
