package dev.jeton.it;

import java.net.URI;

/**
 * A node of a cluster test, on a port of its own. The issuer every client sees is the round-robin
 * proxy's; a step that must know which node serves it talks to the node's own base URL.
 */
interface ClusterNode {

    String name();

    URI base();

    default URI at(String path) {
        return base().resolve(path);
    }
}
