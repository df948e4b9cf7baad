package dev.jeton.persistence.migration;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Flyway's scripts from a fixed list of class-path resources (see {@link SchemaMigrations}). */
final class ListedScripts implements ResourceProvider {

    private final ClassLoader loader;
    private final String directory;
    private final List<String> names;

    ListedScripts(ClassLoader loader, String directory, List<String> names) {
        this.loader = loader;
        this.directory = directory;
        this.names = names;
    }

    @Override
    public LoadableResource getResource(String name) {
        return names.contains(name) ? new Script(name, load(name)) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return names.stream()
                .filter(n -> n.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(n::endsWith))
                .map(n -> (LoadableResource) new Script(n, load(n)))
                .toList();
    }

    private String load(String name) {
        String path = directory + "/" + name;
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new FlywayException("migration script missing from the WAR: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FlywayException("could not read the migration script " + path, e);
        }
    }

    private final class Script extends LoadableResource {
        private final String name;
        private final String text;

        Script(String name, String text) {
            this.name = name;
            this.text = text;
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return directory + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return getAbsolutePath();
        }
    }
}
