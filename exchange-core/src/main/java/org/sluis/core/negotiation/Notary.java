package org.sluis.core.negotiation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.sluis.contracts.agreement.AgreementSigner;
import org.sluis.contracts.agreement.AgreementTerms;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.core.catalog.Iris;
import org.sluis.core.identity.KeyRing;

/**
 * Turns a negotiation into the ODRL Agreement it concludes and signs it with the current notary
 * key: the Offer as it stood when requested, the consumer as assignee, the stated purpose added
 * to every permission, the time of signing as {@code dct:issued}.
 */
final class Notary {
    private static final OdrlCodec ODRL = new OdrlCodec();
    private final KeyRing keys;

    Notary(KeyRing keys) {
        this.keys = keys;
    }

    /**
     * A signed agreement, not yet logged.
     *
     * @param id         the agreement id
     * @param canonical  the RFC 8785 form, the signed payload
     * @param signature  the JWS
     * @param sha256     hex SHA-256 of {@code canonical}
     * @param validUntil when its time constraints end, if they do
     */
    record Signed(String id, String canonical, String signature, String sha256, Optional<Instant> validUntil) {
    }

    Signed sign(Negotiation n, Instant now) {
        PolicyRead read = ODRL.read(n.offerPolicy());
        if (!(read instanceof PolicyRead.Valid offer)) {
            throw new IllegalStateException("negotiation " + n.id() + " holds an offer that is not valid ODRL: " + read);
        }
        String id = UUID.randomUUID().toString();
        Policy agreement = AgreementTerms.conclude(offer.policy(), Iris.agreement(id), Iris.participant(n.consumer()), now, n.purpose());
        String jws = new AgreementSigner(keys.keys().current()).sign(agreement);
        return new Signed(id, new String(AgreementSigner.canonical(agreement), StandardCharsets.UTF_8), jws,
                AgreementSigner.sha256Hex(agreement), AgreementTerms.validUntil(agreement));
    }
}
