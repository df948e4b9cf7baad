package dev.jeton.boot;

import dev.jeton.authorize.ParSettings;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.dpop.DpopSettings;
import dev.jeton.mtls.MtlsSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** The strong-client settings together, so that start-up reads (and so validates) them all. */
@Dependent
public class StrongClientSettings {

    @Inject
    ClientKeySettings clientKeys;
    @Inject
    DpopSettings dpop;
    @Inject
    ParSettings par;
    @Inject
    MtlsSettings mtls;
    @Inject
    dev.jeton.client.Fapi2Settings fapi2;

    @Override
    public String toString() {
        return clientKeys + ", " + dpop + ", " + par + ", " + mtls + ", " + fapi2;
    }
}
