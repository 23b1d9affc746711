package org.sluis.core.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.sluis.core.config.Config;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.NoteVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is who at the exchange, wired in one place: the CA and trust anchors, the participant
 * registry, the token keys, the verifiers of client assertions and access tokens, and the cache of
 * participants' standing.
 *
 * @param ca the exchange CA
 * @param registry participants and their changes
 * @param participants the participant store
 * @param standings recently read standings
 * @param assertions verifies RFC 7523 client assertions
 * @param tokens issues and verifies access tokens over the current key set
 * @param notary the keys that sign agreements (retired ones stay published for good)
 * @param tokenEndpoint the token endpoint's URL (an accepted assertion audience)
 */
public record Identity(ExchangeCa ca, ParticipantRegistry registry, ParticipantStore participants, StandingCache standings,
                       ClientAssertionVerifier assertions, TokenSigning tokens, KeyRing notary, URI tokenEndpoint) {
    private static final Logger LOG = LoggerFactory.getLogger(Identity.class);

    /**
     * Opens the CA (creating it on first start), loads the token keys, and makes sure participant
     * {@code operator} exists. Blocking.
     */
    public static Identity open(Config config, URI issuer, DSLContext dsl, Ledger ledger, Clock clock) {
        Path caDir = config.dataDir().resolve("ca");
        ExchangeCa ca = ca(config, caDir, issuer);
        TrustAnchors anchors = TrustAnchors.of(ca);
        for (Path extra : config.trustedCas()) {
            anchors = anchors.withPemFile(extra);
        }
        ParticipantStore participants = new ParticipantStore(dsl);
        ParticipantRegistry registry = new ParticipantRegistry(participants, ca, ledger, clock);
        Bootstrap.ensureOperator(registry, ca, config.dataDir());
        String base = issuer.toString().replaceAll("/+$", "");
        TokenSigning tokens = new TokenSigning(config.dataDir(), AccessTokenPolicy.standard(base), clock);
        URI tokenEndpoint = URI.create(base + "/oauth/token");
        ClientAssertionVerifier assertions = new ClientAssertionVerifier(anchors,
                (clientId, jti, expiresAt) -> participants.firstUse(clientId, jti, expiresAt, clock.instant()),
                id -> participants.find(id).map(p -> new ParticipantStanding(p.id(),
                        p.roles().stream().map(Role::name).collect(Collectors.toUnmodifiableSet()), p.status().name(),
                        p.certificateSha256())),
                clock, ClientAssertionPolicy.standard(base, tokenEndpoint.toString()));
        return new Identity(ca, registry, participants, new StandingCache(clock), assertions, tokens,
                new KeyRing(config.dataDir(), "notary", null, clock), tokenEndpoint);
    }

    /**
     * The public keys to publish at {@code /.well-known/jwks.json}: the token keys, the notary keys,
     * then the ledger keys (Ed25519), each current first, then retired ones that still verify.
     */
    public JWKSet jwks(List<NoteVerifier> ledgerKeys) {
        List<JWK> keys = new ArrayList<>(tokens.issuer().publicJwks().getKeys());
        keys.addAll(notary.keys().publicKeys());
        for (NoteVerifier ledgerKey : ledgerKeys) {
            keys.add(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(ledgerKey.rawPublicKey()))
                    .keyID("ledger-" + HexFormat.of().toHexDigits(ledgerKey.keyId()))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.EdDSA)
                    .build());
        }
        return new JWKSet(keys);
    }

    /** Re-reads the token and notary key files (after a rotation on another instance). Blocking file I/O. */
    public void refreshKeys() {
        tokens.ring().refresh();
        notary.refresh();
    }

    /** The key ring of {@code purpose} ({@code token} or {@code notary}), if there is one by that name. */
    public Optional<KeyRing> ring(String purpose) {
        return switch (purpose) {
            case "token" -> Optional.of(tokens.ring());
            case "notary" -> Optional.of(notary);
            default -> Optional.empty();
        };
    }

    /** The exchange's own CA (created on first start), or the one the operator configured. */
    private static ExchangeCa ca(Config config, Path caDir, URI issuer) {
        if (config.caSource() instanceof Config.CaSource.KeyStore store) {
            return ExchangeCa.load(store.file(), caPassword(config, caDir));
        }
        if (config.caSource() instanceof Config.CaSource.Pem pem) {
            return config.caPassword().isPresent()
                    ? ExchangeCa.loadPem(pem.key(), pem.certificate(), config.caPassword().get().toCharArray())
                    : ExchangeCa.loadPem(pem.key(), pem.certificate());
        }
        return ExchangeCa.createOrLoad(caDir, caPassword(config, caDir), "Sluis exchange CA " + issuer.getAuthority());
    }

    /** The configured CA password, or one generated into {@code <dataDir>/ca/password} on first start. */
    private static char[] caPassword(Config config, Path caDir) {
        if (config.caPassword().isPresent()) {
            return config.caPassword().get().toCharArray();
        }
        Path file = caDir.resolve("password");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                Files.createDirectories(caDir);
                Files.writeString(file, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), StandardCharsets.US_ASCII);
                LOG.warn("no ca.password configured: generated one into {}; set SLUIS_CA_PASSWORD in production",
                        file.toAbsolutePath().normalize());
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
