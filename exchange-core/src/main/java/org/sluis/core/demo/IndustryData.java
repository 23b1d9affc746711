package org.sluis.core.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo equipment maker's synthetic sensor traces from its etch tools at a customer fab, the same
 * for the same seed: one record per sample, shaped like semiconductor tool data (tool, chamber,
 * recipe, lot, wafer, process step, sensor, value). The recipe and lot are the customer's trade
 * secrets. One chamber drifts (its pressure creeps up lot by lot), which is what predictive
 * maintenance is for.
 *
 * @param samples the samples, in processing order
 */
public record IndustryData(List<Sample> samples) {
    /** Lots in the demo's traces (25 wafers each). */
    public static final int LOTS = 40;
    /** The chamber whose pressure drifts. */
    public static final String DRIFTING = "KLS-ETCH-04/PM2";
    static final int WAFERS_PER_LOT = 25;
    static final int STEPS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOOLS = {"KLS-ETCH-01", "KLS-ETCH-02", "KLS-ETCH-03", "KLS-ETCH-04"};
    private static final String[] CHAMBERS = {"PM1", "PM2", "PM3"};
    private static final String[] RECIPES = {"RCP-OX-114", "RCP-NIT-220", "RCP-POLY-031"};
    private static final Sensor[] SENSORS = {
        new Sensor("rf_forward_power", "W", 1500, 12),
        new Sensor("chamber_pressure", "mTorr", 45, 0.6),
        new Sensor("esc_temperature", "degC", 60, 0.4),
        new Sensor("he_backside_flow", "sccm", 12, 0.3)};
    private static final long START = Instant.parse("2025-11-03T06:00:00Z").getEpochSecond();

    /** Copies the list. */
    public IndustryData {
        samples = List.copyOf(samples);
    }

    /**
     * A sample.
     *
     * @param timestamp when it was taken
     * @param tool      the tool
     * @param chamber   the process module
     * @param recipe    the recipe run (the customer's secret)
     * @param lot       the lot (the customer's secret)
     * @param wafer     the wafer slot, 1 to 25
     * @param step      the recipe step
     * @param sensor    the sensor
     * @param value     the reading
     * @param unit      its unit
     */
    public record Sample(Instant timestamp, String tool, String chamber, String recipe, String lot, int wafer, int step,
                         String sensor, double value, String unit) {
        /** The record as the file holds it. */
        public ObjectNode toJson() {
            return JSON.createObjectNode().put("timestamp", timestamp.toString()).put("tool", tool).put("chamber", chamber)
                    .put("recipe", recipe).put("lot", lot).put("wafer", wafer).put("step", step).put("sensor", sensor)
                    .put("value", value).put("unit", unit);
        }
    }

    private record Sensor(String name, String unit, double mean, double sd) {
    }

    /** {@code lots} lots of 25 wafers, each on one tool and chamber, from {@code seed}. */
    public static IndustryData generate(int lots, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>(lots * WAFERS_PER_LOT * STEPS * SENSORS.length);
        long t = START;
        for (int l = 0; l < lots; l++) {
            String lot = String.format("LOT-26A%04d", 1000 + l * 7 + random.nextInt(7));
            String recipe = RECIPES[random.nextInt(RECIPES.length)];
            for (int w = 1; w <= WAFERS_PER_LOT; w++) {
                String tool = TOOLS[random.nextInt(TOOLS.length)];
                String chamber = CHAMBERS[random.nextInt(CHAMBERS.length)];
                boolean drifting = (tool + "/" + chamber).equals(DRIFTING);
                for (int step = 1; step <= STEPS; step++) {
                    t += 6 + random.nextInt(6);
                    for (Sensor s : SENSORS) {
                        double value = s.mean() + s.sd() * HealthData.gaussian(random);
                        if (drifting && s.name().equals("chamber_pressure")) {
                            value += 0.15 * l; // a slowly failing throttle valve
                        }
                        samples.add(new Sample(Instant.ofEpochSecond(t), tool, chamber, recipe, lot, w, step, s.name(),
                                Math.round(value * 100) / 100.0, s.unit()));
                    }
                }
            }
        }
        return new IndustryData(samples);
    }

    /** The samples, one JSON object per line. */
    public byte[] ndjson() {
        return HealthData.ndjson(samples.stream().map(Sample::toJson).toList());
    }
}
