package org.sluis.core.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The CA's key and certificate chain in a PKCS#12 file (RFC 7292), using the JDK's own PKCS12 key
 * store (PBES2 with AES-256 and an HMAC-SHA256 integrity MAC by default since JDK 17).
 *
 * <p>A new file is written to a temporary file created with mode 0600 in the same directory and
 * then linked into place without replacing: the key is never readable by others, not even
 * briefly, a half-written file is never seen under the real name, and if two processes create
 * the CA at once the first one wins and the second loads it.
 */
final class CaKeyStore {

    static final String ALIAS = "sluis-ca";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What a key store holds: the private key and its certificate chain, CA certificate first. */
    record Entry(PrivateKey key, List<X509Certificate> chain) {
        Entry {
            chain = List.copyOf(chain);
        }
    }

    private CaKeyStore() {
    }

    /**
     * Writes a new key store unless the file already exists.
     *
     * @return true if this call created the file, false if another one was there first
     */
    static boolean create(Path p12, char[] password, PrivateKey key, X509Certificate certificate) {
        Path dir = p12.toAbsolutePath().getParent();
        Path temp = null;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, new Certificate[] {certificate});
            temp = Files.createTempFile(dir, ".ca-", ".p12.tmp", ownerOnly(dir));
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            publish(temp, p12);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | GeneralSecurityException e) {
            throw new CaLoadException("cannot write the CA key store " + p12 + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Reads the one private key entry of a key store.
     *
     * @throws CaLoadException if the file is missing, not PKCS#12, the password is wrong, or it
     *     does not hold exactly one private key with its certificate chain
     */
    static Entry read(Path p12, char[] password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p12);
        } catch (IOException e) {
            throw CaLoadException.cannotRead("the CA key store", p12, e);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException | GeneralSecurityException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new CaLoadException("cannot open the CA key store " + p12
                        + ": wrong password (or the file was altered)", e);
            }
            throw new CaLoadException("cannot open the CA key store " + p12 + ": expected a PKCS#12 file, found one"
                    + " that does not parse", e);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new CaLoadException("CA key store " + p12 + ": expected exactly one private key entry, found "
                        + keyAliases.size() + " " + keyAliases);
            }
            String alias = keyAliases.get(0);
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new CaLoadException("CA key store " + p12 + ": expected a private key under '" + alias
                        + "', found " + (key == null ? "none" : key.getAlgorithm() + " secret key"));
            }
            Certificate[] chain = store.getCertificateChain(alias);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain == null ? new Certificate[0] : chain) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new CaLoadException("CA key store " + p12 + ": expected a certificate chain with the key '"
                        + alias + "', found none");
            }
            return new Entry(privateKey, certificates);
        } catch (UnrecoverableKeyException e) {
            throw new CaLoadException("cannot open the CA key in " + p12
                    + ": wrong password (the key has a password other than the store's)", e);
        } catch (GeneralSecurityException e) {
            throw new CaLoadException("cannot read the CA key in " + p12 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the finished file its real name only if that name is free: link(2) fails atomically
     * when the target exists, where a check-then-rename would let a second creator replace the
     * first one's CA. File systems without hard links fall back to a non-replacing move.
     */
    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            Files.move(temp, target);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0]; // non-POSIX file systems: the directory's ACL applies
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Only a leftover temporary file, which holds the same encrypted store; nothing to undo.
        }
    }
}
