package org.sluis.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.sluis.contracts.agreement.AgreementVerificationException;
import org.sluis.contracts.agreement.AgreementVerifier;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.core.ledger.LedgerVerifier;
import org.sluis.core.ledger.MerkleHash;
import org.sluis.core.ledger.MerkleProofs;
import org.sluis.core.ledger.NoteException;
import org.sluis.core.ledger.ProofException;
import org.sluis.core.ledger.SignedCheckpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluis agreement}: what a party or an auditor runs on an agreement the exchange signed. */
@Command(name = "agreement",
        mixinStandardHelpOptions = true,
        versionProvider = SluisCommand.VersionProvider.class,
        description = "Verify an agreement the exchange signed as notary, offline.",
        subcommands = {AgreementCommand.Verify.class})
public final class AgreementCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sluis agreement verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                "Checks the notary's signature on an agreement (the JSON of GET /v1/agreements/{id}) with the exchange's",
                "published keys, and that the agreement is exactly the signed payload. With --checkpoint, --proof and",
                "--key it also checks that the agreement's ledger entry records its SHA-256 and is in the tree of a",
                "signed checkpoint you hold.",
                "Exit code 0: verified; 1: it does not verify; 2: unusable input."})
    static final class Verify implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The agreement: the body of GET /v1/agreements/{id}.")
        Path file;

        @Option(names = "--jwks", required = true, paramLabel = "FILE|URL",
                description = "The exchange's keys: a saved /.well-known/jwks.json, or its URL.")
        String jwks;

        @ArgGroup(exclusive = false)
        Inclusion inclusion;

        static final class Inclusion {
            @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A signed checkpoint you hold (GET /v1/ledger/checkpoint).")
            Path checkpoint;

            @Option(names = "--proof", required = true, paramLabel = "FILE",
                    description = "GET /v1/ledger/proof/inclusion?index={ledgerIndex}&treeSize={the checkpoint's size}.")
            Path proof;

            @Option(names = "--key", required = true, paramLabel = "KEY|FILE",
                    description = "A ledger verifier key, or a file with one per line; repeat it for retired keys.")
            List<String> key;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                JsonNode doc = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                if (!doc.path("signature").isTextual() || !doc.path("agreement").isObject()) {
                    throw new IllegalArgumentException(file + " has no 'agreement' object and 'signature' string; expected the body of GET /v1/agreements/{id}");
                }
                AgreementVerifier.Verified verified = new AgreementVerifier(keys()).verify(doc.get("signature").asText(), doc.get("agreement"));
                out.println("OK: agreement " + verified.agreement().uid() + " is signed by the exchange's notary key " + verified.keyId()
                        + " (sha256 " + verified.sha256Hex() + ")");
                if (inclusion != null) {
                    checkInclusion(doc, verified.sha256Hex(), out);
                }
                return 0;
            } catch (AgreementVerificationException e) {
                err.println("FAILED: " + e.getMessage());
                return LedgerCommand.FAILED;
            } catch (ProofException e) {
                err.println("FAILED: the agreement's ledger entry is not in the checkpoint's tree: " + e.getMessage());
                return LedgerCommand.FAILED;
            } catch (NoteException e) {
                err.println("FAILED: the checkpoint is not validly signed: " + e.getMessage());
                return LedgerCommand.FAILED;
            } catch (Mismatch e) {
                err.println("FAILED: " + e.getMessage());
                return LedgerCommand.FAILED;
            } catch (IOException | ParseException | IllegalArgumentException e) {
                err.println("cannot verify: " + e.getMessage());
                return LedgerCommand.UNUSABLE;
            }
        }

        private JWKSet keys() throws IOException, ParseException {
            if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
                URL url = URI.create(jwks).toURL();
                return JWKSet.load(url, 10_000, 30_000, 1_000_000);
            }
            return JWKSet.load(Path.of(jwks).toFile());
        }

        /** The ledger entry at {@code ledgerIndex} records this agreement's hash and is in the checkpoint's tree. */
        private void checkInclusion(JsonNode doc, String sha256Hex, PrintWriter out) throws IOException, Mismatch, ProofException, NoteException {
            long index = doc.path("ledgerIndex").asLong(-1);
            JsonNode entry = doc.path("ledgerEntry");
            if (!entry.isObject()) {
                throw new IllegalArgumentException(file + " has no 'ledgerEntry'; fetch it again from GET /v1/agreements/{id}");
            }
            if (entry.path("index").asLong(-2) != index || !entry.path("kind").asText().equals("agreement.signed")) {
                throw new Mismatch("ledger entry " + entry.path("index") + " (" + entry.path("kind").asText() + ") is not the agreement.signed entry "
                        + index + " the agreement names");
            }
            String recorded = entry.path("body").path("agreementSha256").asText();
            if (!recorded.equals(sha256Hex)) {
                throw new Mismatch("ledger entry " + index + " records agreement sha256 " + recorded + ", but the signed agreement has " + sha256Hex);
            }
            SignedCheckpoint trusted = LedgerVerifier.verifiedBy(Files.readString(inclusion.checkpoint, StandardCharsets.UTF_8),
                    LedgerCommand.keys(inclusion.key));
            JsonNode proof = JSON.readTree(Files.readString(inclusion.proof, StandardCharsets.UTF_8));
            long size = trusted.checkpoint().size();
            if (proof.path("index").asLong(-1) != index || proof.path("treeSize").asLong(-1) != size) {
                throw new Mismatch("the proof is for entry " + proof.path("index") + " in a tree of " + proof.path("treeSize")
                        + "; expected entry " + index + " in the checkpoint's tree of " + size);
            }
            byte[] leaf = MerkleHash.leaf(CanonicalJson.canonicalize(entry));
            MerkleProofs.verifyInclusion(leaf, index, size, LedgerCommand.hashes(proof.path("path")), trusted.checkpoint().rootHash());
            out.println("OK: its ledger entry " + index + " (leaf " + Base64.getEncoder().encodeToString(leaf)
                    + ") is in the tree of checkpoint " + size);
        }
    }

    /** The agreement, its ledger entry and the proof do not belong together. */
    private static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }
}
