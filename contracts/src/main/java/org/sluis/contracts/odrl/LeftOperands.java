package org.sluis.contracts.odrl;

import java.util.Set;

/**
 * The left operands of the ODRL 2.2 Common Vocabulary (ODRL Vocabulary 2.2, "Constraint Left
 * Operands"), as compact terms. A constraint's left operand is either one of {@link #KNOWN} or an
 * absolute IRI defined by a profile.
 */
public final class LeftOperands {

    /** {@code odrl:absolutePosition}. */
    public static final String ABSOLUTE_POSITION = "absolutePosition";
    /** {@code odrl:absoluteSize}. */
    public static final String ABSOLUTE_SIZE = "absoluteSize";
    /** {@code odrl:count}: number of exercises of the action. */
    public static final String COUNT = "count";
    /** {@code odrl:dateTime}: the date (and time) of exercising the action. */
    public static final String DATE_TIME = "dateTime";
    /** {@code odrl:delayPeriod}. */
    public static final String DELAY_PERIOD = "delayPeriod";
    /** {@code odrl:deliveryChannel}. */
    public static final String DELIVERY_CHANNEL = "deliveryChannel";
    /** {@code odrl:elapsedTime}: a continuous elapsed time period (xsd:duration). */
    public static final String ELAPSED_TIME = "elapsedTime";
    /** {@code odrl:event}. */
    public static final String EVENT = "event";
    /** {@code odrl:fileFormat}. */
    public static final String FILE_FORMAT = "fileFormat";
    /** {@code odrl:industry}. */
    public static final String INDUSTRY = "industry";
    /** {@code odrl:language}. */
    public static final String LANGUAGE = "language";
    /** {@code odrl:media}. */
    public static final String MEDIA = "media";
    /** {@code odrl:meteredTime}. */
    public static final String METERED_TIME = "meteredTime";
    /** {@code odrl:payAmount}. */
    public static final String PAY_AMOUNT = "payAmount";
    /** {@code odrl:percentage}. */
    public static final String PERCENTAGE = "percentage";
    /** {@code odrl:product}. */
    public static final String PRODUCT = "product";
    /** {@code odrl:purpose}: the purpose for exercising the action. */
    public static final String PURPOSE = "purpose";
    /** {@code odrl:recipient}: the party receiving the result of the action. */
    public static final String RECIPIENT = "recipient";
    /** {@code odrl:relativePosition}. */
    public static final String RELATIVE_POSITION = "relativePosition";
    /** {@code odrl:relativeSize}. */
    public static final String RELATIVE_SIZE = "relativeSize";
    /** {@code odrl:resolution}. */
    public static final String RESOLUTION = "resolution";
    /** {@code odrl:spatial}: a named geospatial area. */
    public static final String SPATIAL = "spatial";
    /** {@code odrl:spatialCoordinates}. */
    public static final String SPATIAL_COORDINATES = "spatialCoordinates";
    /** {@code odrl:system}. */
    public static final String SYSTEM = "system";
    /** {@code odrl:systemDevice}. */
    public static final String SYSTEM_DEVICE = "systemDevice";
    /** {@code odrl:timeInterval}. */
    public static final String TIME_INTERVAL = "timeInterval";
    /** {@code odrl:unitOfCount}. */
    public static final String UNIT_OF_COUNT = "unitOfCount";
    /** {@code odrl:version}. */
    public static final String VERSION = "version";
    /** {@code odrl:virtualLocation}. */
    public static final String VIRTUAL_LOCATION = "virtualLocation";

    /** Every left operand term listed in this class. */
    public static final Set<String> KNOWN = Set.of(ABSOLUTE_POSITION, ABSOLUTE_SIZE, COUNT, DATE_TIME,
            DELAY_PERIOD, DELIVERY_CHANNEL, ELAPSED_TIME, EVENT, FILE_FORMAT, INDUSTRY, LANGUAGE, MEDIA,
            METERED_TIME, PAY_AMOUNT, PERCENTAGE, PRODUCT, PURPOSE, RECIPIENT, RELATIVE_POSITION,
            RELATIVE_SIZE, RESOLUTION, SPATIAL, SPATIAL_COORDINATES, SYSTEM, SYSTEM_DEVICE, TIME_INTERVAL,
            UNIT_OF_COUNT, VERSION, VIRTUAL_LOCATION);

    private LeftOperands() {
    }

    /**
     * Tells whether a left operand is acceptable.
     *
     * @param leftOperand a compact term or IRI
     * @return true if it is a known ODRL term or an absolute (profile) IRI
     */
    public static boolean isAcceptable(String leftOperand) {
        return KNOWN.contains(leftOperand) || Terms.isIri(leftOperand);
    }
}
