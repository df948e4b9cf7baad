package dev.jeton.persistence;

/**
 * The length of Jeton's unbounded text columns (claims, resources, audit payloads, URI lists).
 *
 * <p>Not {@code @Lob}: PostgreSQL keeps a {@code @Lob String} as a large object (oid), readable only
 * inside a transaction. Not {@link org.hibernate.Length#LONG32} either: on H2 that is a CLOB, and H2
 * writes every CLOB value longer than 256 bytes to a separate LOB store, with its own bookkeeping on each
 * commit (issue #13: about 0.27 ms of CPU per commit for an audit event's payload). 1,000,000 characters is
 * H2's largest VARCHAR, which Hibernate maps to {@code varchar(1000000)} on H2 (migration V12) and which
 * PostgreSQL's {@code text} columns satisfy as they are. No value Jeton writes comes near it: request
 * bodies are capped far lower ({@code jeton.http.max-body-bytes}).
 */
public final class TextColumn {

    public static final int LENGTH = 1_000_000;

    private TextColumn() {
    }
}
