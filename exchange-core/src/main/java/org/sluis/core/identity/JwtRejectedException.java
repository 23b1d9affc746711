package org.sluis.core.identity;

/**
 * A JWT refused by one of the shared checks ({@link CompactJws}, {@link ClaimTimes}); each verifier turns it into its
 * own public exception. Checked, so no path can forget that mapping.
 */
final class JwtRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the rejection.
     *
     * @param message what was expected and what was found
     */
    JwtRejectedException(String message) {
        super(message);
    }
}
