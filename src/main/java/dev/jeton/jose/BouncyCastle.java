package dev.jeton.jose;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * One BouncyCastle provider instance, used by reference and never added to the JVM-wide
 * provider list: a WAR that registered it globally would pin its class loader after undeploy.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
