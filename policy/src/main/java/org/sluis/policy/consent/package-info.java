/**
 * The data subjects' consent as decisions consult it: the consent mode a dataset declares, the
 * question one use asks of the consent state ({@link org.sluis.policy.consent.ConsentQuery}) and
 * the view that answers it ({@link org.sluis.policy.consent.ConsentView}).
 */
package org.sluis.policy.consent;
