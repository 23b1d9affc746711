package org.sluis.core.identity;

import java.time.Instant;

/** Records a client assertion's jti until it expires; false if it was seen before (across all exchange instances). */
public interface JtiRegistry {

    /**
     * Records {@code jti} for {@code clientId} atomically, keeping it at least until {@code expiresAt}.
     *
     * @param clientId the client the assertion authenticated
     * @param jti the assertion's {@code jti} claim
     * @param expiresAt the instant after which the assertion can no longer be accepted, so the entry may be forgotten
     * @return {@code true} if this is the first use of the pair, {@code false} if it was recorded before
     */
    boolean firstUse(String clientId, String jti, Instant expiresAt);
}
