package org.sluis.core.identity;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle JCA provider instance of this package, passed explicitly where the JDK's
 * own providers fall short (decoding untrusted public keys with on-curve checks, PBES2 decryption
 * of PKCS#8 keys). It is deliberately not added to {@link java.security.Security}, so this package
 * changes nothing for other code in the same JVM.
 */
final class BouncyCastle {

    /** Created on first use; construction is costly (it registers hundreds of algorithms). */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
