package org.sluis.core.identity;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Shared test keys and certificates; RSA key generation is slow, so each is made once per test run. */
final class Fixtures {

    static final String ISSUER = "https://exchange.sluis.test";
    static final String TOKEN_ENDPOINT = ISSUER + "/v1/oauth/token";
    static final String API = ISSUER + "/v1";
    static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final TestPki CA = TestPki.create("Sluis Test CA", NOW);
    static final TestPki OTHER_CA = TestPki.create("Not The Sluis CA", NOW);

    /** A consumer signing ES256 with a P-256 key. */
    static final TestParticipant EC_CLIENT = participant(CA, "EU.EORI.NL000000001", TestPki.ecKeys("secp256r1"),
            Set.of("CONSUMER"));
    /** A provider and consumer signing RS256 or PS256 with an RSA-3072 key. */
    static final TestParticipant RSA_CLIENT = participant(CA, "EU.EORI.NL000000002", TestPki.rsaKeys(3072),
            Set.of("PROVIDER", "CONSUMER"));

    private Fixtures() {}

    /** A participant with a certificate from {@code ca} valid from 30 days before to 335 days after {@link #NOW}. */
    static TestParticipant participant(TestPki ca, String id, KeyPair keys, Set<String> roles) {
        return new TestParticipant(id, keys, List.of(ca.issue(id, keys.getPublic(),
                NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(335)))), roles);
    }

    /** The standard client assertion policy of the test exchange. */
    static ClientAssertionPolicy assertionPolicy() {
        return ClientAssertionPolicy.standard(ISSUER, TOKEN_ENDPOINT);
    }

    /** The standard access token policy of the test exchange. */
    static AccessTokenPolicy tokenPolicy() {
        return AccessTokenPolicy.standard(ISSUER);
    }
}
