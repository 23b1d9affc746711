package org.sluis.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.core.ledger.LedgerVerifier;
import org.sluis.core.ledger.MerkleHash;
import org.sluis.core.ledger.MerkleProofs;
import org.sluis.core.ledger.NoteException;
import org.sluis.core.ledger.NoteVerifier;
import org.sluis.core.ledger.ProofException;
import org.sluis.core.ledger.SignedCheckpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluis ledger}: what an auditor runs against an exchange's ledger. */
@Command(name = "ledger",
        mixinStandardHelpOptions = true,
        versionProvider = SluisCommand.VersionProvider.class,
        description = "Verify the exchange's ledger: offline from an export, or online proof by proof.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Prove.class})
public final class LedgerCommand implements Runnable {
    /** Exit code when the ledger does not verify. */
    static final int FAILED = 1;
    /** Exit code for unusable input (unreadable files, bad key). */
    static final int UNUSABLE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads verifier keys given inline ({@code name+id+key}) or as files holding one per line. */
    static List<NoteVerifier> keys(List<String> keysOrFiles) throws IOException {
        List<NoteVerifier> keys = new ArrayList<>();
        for (String keyOrFile : keysOrFiles) {
            Path path = Path.of(keyOrFile);
            if (Files.isRegularFile(path)) {
                for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        keys.add(NoteVerifier.parse(line.strip()));
                    }
                }
            } else {
                keys.add(NoteVerifier.parse(keyOrFile.strip()));
            }
        }
        return keys;
    }

    /** The hashes of a proof's {@code path}: standard base64, as the API serves them. */
    static List<byte[]> hashes(JsonNode path) {
        List<byte[]> list = new ArrayList<>();
        path.forEach(h -> list.add(Base64.getDecoder().decode(h.asText())));
        return list;
    }

    /** {@code sluis ledger verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                "Recomputes the Merkle tree from an export (GET /v1/ledger/export), checks each checkpoint's signature",
                "and root, and reports the first bad index if an entry was altered, removed, reordered or inserted.",
                "Exit code 0: verified; 1: the ledger does not verify; 2: unusable input."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--export", required = true, paramLabel = "FILE", description = "NDJSON export of the ledger.")
        Path export;

        @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
                description = "A signed checkpoint (GET /v1/ledger/checkpoint); repeat for earlier ones you hold.")
        List<Path> checkpoints;

        @Option(names = "--key", required = true, paramLabel = "KEY|FILE",
                description = {"A ledger verifier key (ledgerVerifierKey of /.well-known/sluis-configuration), or a file with",
                    "one per line; repeat it for retired keys (previousLedgerVerifierKeys) that signed older checkpoints."})
        List<String> key;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LedgerVerifier.Report report;
            try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                List<String> notes = new ArrayList<>();
                for (Path c : checkpoints) {
                    notes.add(Files.readString(c, StandardCharsets.UTF_8));
                }
                report = LedgerVerifier.verify(in, notes, keys(key));
            } catch (IOException | IllegalArgumentException e) {
                err.println("cannot verify: " + e.getMessage());
                return UNUSABLE;
            }
            if (report.ok()) {
                out.println("OK: " + report.message());
                return 0;
            }
            err.println("FAILED at index " + report.firstBadIndex().orElse(-1) + ": " + report.message());
            return FAILED;
        }
    }

    /** {@code sluis ledger prove}. */
    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = {
                "Fetches a proof from the exchange and checks it against a signed checkpoint you hold:",
                "--index N proves that entry N (and exactly its canonical bytes) is in the checkpoint's tree;",
                "--since OLD proves that the checkpoint's tree extends the one in checkpoint file OLD.",
                "Exit code 0: proven; 1: the proof fails; 2: unusable input or the exchange did not answer."})
    static final class Prove implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Mixin
        ExchangeLogin login;

        private String token;

        @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The signed checkpoint to prove against.")
        Path checkpoint;

        @Option(names = "--key", required = true, paramLabel = "KEY|FILE",
                description = "A ledger verifier key, or a file with one per line; repeat it for retired keys.")
        List<String> key;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--index", paramLabel = "N", description = "Prove inclusion of entry N.")
            Long index;

            @Option(names = "--since", paramLabel = "OLD", description = "Prove consistency with the older checkpoint file OLD.")
            Path since;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<NoteVerifier> verifiers = keys(key);
                SignedCheckpoint trusted = LedgerVerifier.verifiedBy(Files.readString(checkpoint, StandardCharsets.UTF_8), verifiers);
                long size = trusted.checkpoint().size();
                if (what.index != null) {
                    JsonNode entry = get("/v1/ledger/entries/" + what.index);
                    byte[] leaf = MerkleHash.leaf(CanonicalJson.canonicalize(entry.get("entry")));
                    JsonNode proof = get("/v1/ledger/proof/inclusion?index=" + what.index + "&treeSize=" + size);
                    if (!Base64.getEncoder().encodeToString(leaf).equals(proof.path("leafHash").asText())) {
                        err.println("FAILED: entry " + what.index + " as served does not hash to the leaf the proof is for");
                        return FAILED;
                    }
                    MerkleProofs.verifyInclusion(leaf, what.index, size, hashes(proof.get("path")), trusted.checkpoint().rootHash());
                    out.println("OK: entry " + what.index + " (" + entry.get("entry").path("kind").asText()
                            + ") is in the tree of checkpoint " + size);
                } else {
                    SignedCheckpoint old = LedgerVerifier.verifiedBy(Files.readString(what.since, StandardCharsets.UTF_8), verifiers);
                    long from = old.checkpoint().size();
                    JsonNode proof = get("/v1/ledger/proof/consistency?from=" + from + "&to=" + size);
                    MerkleProofs.verifyConsistency(from, size, old.checkpoint().rootHash(), trusted.checkpoint().rootHash(),
                            hashes(proof.get("path")));
                    out.println("OK: checkpoint " + size + " extends checkpoint " + from + " (the log only grew)");
                }
                return 0;
            } catch (ProofException e) {
                err.println("FAILED: " + e.getMessage());
                return FAILED;
            } catch (NoteException e) {
                err.println("FAILED: a checkpoint is not validly signed: " + e.getMessage());
                return FAILED;
            } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                err.println("cannot prove: " + e.getMessage());
                return UNUSABLE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return UNUSABLE;
            }
        }

        private JsonNode get(String path) throws IOException, InterruptedException {
            if (token == null) {
                token = login.token();
            }
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(login.url.resolve(path)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

    }
}
