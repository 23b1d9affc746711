package org.sluis.core.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Guards operator and auditor routes with a bearer secret until participant tokens exist: the
 * configured {@code operatorToken}, or one generated into {@code <dataDir>/operator.token}
 * (mode 0600) on first start. Compared in constant time.
 */
public final class OperatorAuth {
    private final byte[] token;

    private OperatorAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Uses the configured secret, or reads (creating on first use) {@code <dataDir>/operator.token}. */
    public static OperatorAuth load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return new OperatorAuth(configured.get());
        }
        Path file = dataDir.resolve("operator.token");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.createDirectories(dataDir);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n",
                        StandardOpenOption.CREATE_NEW);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new OperatorAuth(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** A handler that passes requests carrying the secret and ends the others with 401. */
    void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\"");
            throw new ProblemException(unauthorized("This resource needs an operator bearer token (Authorization: Bearer ...)."));
        }
        byte[] offered = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(offered, token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\", error=\"invalid_token\"");
            throw new ProblemException(unauthorized("The bearer token is not valid."));
        }
        ctx.next();
    }

    private static Problem unauthorized(String detail) {
        return new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401, detail, List.of());
    }
}
