package org.sluis.core.ledger;

import java.util.Arrays;
import java.util.Base64;

/**
 * Interoperability vectors from Go's golang.org/x/mod/sumdb/note tests, {@code sumdb/note/note_test.go}
 * ({@code TestNewVerifier}, {@code TestNewSigner}, {@code TestSign}, {@code TestOpen}) in
 * github.com/golang/mod at commit 02c991387e35f9e4c0a9b7ce137717055f8d716d; the same strings appear
 * in the package documentation of {@code sumdb/note/note.go}.
 */
final class GoNoteVectors {
    /** Verifier key of the "PeterNeumann" test key. */
    static final String PETER_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /** Go's encoded signer key for the same key: PRIVATE+KEY+name+id+base64(0x01 || seed). */
    static final String PETER_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    /** Verifier key of the "EnochRoot" test key. */
    static final String ENOCH_VERIFIER_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    /** The signed text of TestSign and TestOpen. */
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    /** PeterNeumann's signature line over {@link #TEXT}, the expected output of TestSign. */
    static final String PETER_SIGNATURE_LINE = "\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    /** EnochRoot's signature line over {@link #TEXT}, from TestOpen. */
    static final String ENOCH_SIGNATURE_LINE = "\u2014 EnochRoot "
            + "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
    /** The published signed note: text, blank line, PeterNeumann's line. */
    static final String PETER_NOTE = TEXT + "\n" + PETER_SIGNATURE_LINE;

    private GoNoteVectors() {
    }

    /** The 32-byte seed inside {@link #PETER_SIGNER_KEY}, after its 0x01 type byte. */
    static byte[] peterSeed() {
        int plus = -1;
        for (int i = 0; i < 4; i++) { // PRIVATE + KEY + name + id + key data, which may itself contain '+'
            plus = PETER_SIGNER_KEY.indexOf('+', plus + 1);
        }
        String encoded = PETER_SIGNER_KEY.substring(plus + 1);
        byte[] typed = Base64.getDecoder().decode(encoded);
        if (typed.length != 33 || typed[0] != 0x01) {
            throw new IllegalStateException("expected 0x01 and a 32-byte seed in the Go signer key, found " + typed.length + " bytes");
        }
        return Arrays.copyOfRange(typed, 1, typed.length);
    }

    /** The PeterNeumann key rebuilt from its seed. */
    static NoteKey peterKey() {
        return NoteKey.fromSeed("PeterNeumann", peterSeed());
    }
}
