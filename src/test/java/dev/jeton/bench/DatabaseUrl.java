package dev.jeton.bench;

import java.net.URI;

/**
 * The suite's {@code --db}: {@code postgresql://[user[:password]@]host[:port]/name} as JDBC, with the credentials
 * from it or the environment (JETON_DB_USER or PGUSER, JETON_DB_PASSWORD or PGPASSWORD), as run.sh takes them.
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {
    static DatabaseUrl parse(String db) {
        if (db.startsWith("jdbc:")) {
            return new DatabaseUrl(db, env("JETON_DB_USER", "PGUSER"), env("JETON_DB_PASSWORD", "PGPASSWORD"));
        }
        URI uri = URI.create(db);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--db: postgresql://host:port/name expected: "
                    + withoutPassword(db));
        }
        String user = env("JETON_DB_USER", "PGUSER");
        String password = env("JETON_DB_PASSWORD", "PGPASSWORD");
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : password;
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return new DatabaseUrl("jdbc:postgresql://" + hostPort + uri.getRawPath(), user, password);
    }

    static String withoutPassword(String db) {
        return db.replaceAll("(//[^:/@]+):[^@/]*@", "$1:***@");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v != null ? v : System.getenv(fallback);
    }
}
