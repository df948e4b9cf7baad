package dev.jeton.client.metadata;

import dev.jeton.client.RegisteredClient;

/** What a client_id came to: not a document URL at all, the client its document describes, or a refusal. */
public sealed interface DocumentResolution {

    /** An ordinary client id: look it up among registered clients. */
    record NotADocument() implements DocumentResolution {
    }

    record Resolved(RegisteredClient client) implements DocumentResolution {
    }

    record Refused(DocumentRefusal refusal) implements DocumentResolution {
    }

    NotADocument NOT_A_DOCUMENT = new NotADocument();
}
