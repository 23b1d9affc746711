package org.sluis.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A participant's side of machine-to-machine login: its private key and certificate chain, from
 * which it signs RFC 7523 client assertions and asks the exchange for access tokens. Used by the
 * CLI ({@code sluis token}, {@code sluis ledger prove}) and the demo; any OAuth library does the same.
 *
 * @param clientId the participant id (the certificate's subject)
 * @param key its private key (EC P-256 signs ES256, RSA signs RS256)
 * @param chain its certificate first, then the CA chain
 */
public record ClientCredentials(String clientId, PrivateKey key, List<X509Certificate> chain) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lifetime of the assertions minted here; the exchange accepts at most five minutes. */
    public static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

    /** Requires a key and at least the participant's own certificate. */
    public ClientCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("expected the participant's certificate (and its CA chain), found none");
        }
    }

    /** Reads a PKCS#8 PEM key and a PEM certificate chain (the participant's certificate first). */
    public static ClientCredentials load(Path keyPem, Path certPem) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(certPem, StandardCharsets.US_ASCII));
        if (chain.isEmpty()) {
            throw new IOException(certPem + " holds no certificate");
        }
        return new ClientCredentials(TrustAnchors.participantId(chain.get(0)),
                Pem.readPrivateKey(Files.readString(keyPem, StandardCharsets.US_ASCII), null), chain);
    }

    /** A signed client assertion for the token endpoint at {@code tokenEndpoint}. */
    public String assertion(URI tokenEndpoint, Instant now) {
        JWSAlgorithm alg = key instanceof ECPrivateKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        List<Base64> x5c = new ArrayList<>();
        try {
            for (X509Certificate c : chain) {
                x5c.add(Base64.encode(c.getEncoded()));
            }
            JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAPrivateKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).x509CertChain(x5c).build(),
                    new JWTClaimsSet.Builder()
                            .issuer(clientId)
                            .subject(clientId)
                            .audience(tokenEndpoint.toString())
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (CertificateEncodingException | JOSEException e) {
            throw new IllegalStateException("cannot sign a client assertion: " + e.getMessage(), e);
        }
    }

    /**
     * Asks the exchange at {@code baseUrl} for an access token. The assertion's audience is the token
     * endpoint the exchange announces in {@code /.well-known/sluis-configuration}, which may differ from
     * {@code baseUrl} behind a proxy.
     *
     * @throws IOException with the exchange's error and description when it refuses
     */
    public String fetchToken(URI baseUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(baseUrl.resolve("/.well-known/sluis-configuration"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (discovery.statusCode() != 200) {
            throw new IOException("no exchange configuration at " + baseUrl + " (status " + discovery.statusCode() + ")");
        }
        URI audience = URI.create(JSON.readTree(discovery.body()).path("tokenEndpoint").asText());
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion(audience, Instant.now());
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(baseUrl.resolve("/oauth/token")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IOException("the exchange refused a token (" + r.statusCode() + " " + body.path("error").asText()
                    + "): " + body.path("error_description").asText());
        }
        return body.get("access_token").asText();
    }
}
