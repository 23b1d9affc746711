package org.sluis.core.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The demo shared-mobility provider's synthetic fleet and trips, the same for the same seed:
 * vehicles shaped like GBFS 2.3 {@code vehicle_status} (formerly {@code free_bike_status}) and
 * trips shaped like the Mobility Data Specification's provider {@code trips}, with start and end
 * zones of a made-up city instead of routes. Zones differ in pull, so an origin-destination
 * matrix has cells small enough to be suppressed.
 *
 * @param vehicles the vehicles
 * @param trips    the trips, oldest first
 */
public record MobilityData(List<Vehicle> vehicles, List<Trip> trips) {
    /** The demo's fleet size. */
    public static final int VEHICLES = 600;
    /** The demo's number of trips. */
    public static final int TRIPS = 20_000;
    /** The zones of the made-up city. */
    static final String[] ZONES = {"centrum", "station", "universiteit", "ziekenhuis", "haven", "oost", "west", "noord",
        "zuid", "park", "industrie", "strand"};
    private static final double[] ZONE_WEIGHTS = {30, 22, 15, 8, 6, 5, 4, 3, 2.5, 2, 1.5, 1};
    private static final String[] TYPES = {"ebike", "escooter", "ecargo"};
    private static final double[] TYPE_WEIGHTS = {60, 35, 5};
    private static final long FIRST_TRIP = Instant.parse("2025-09-01T06:00:00Z").toEpochMilli();
    private static final long LAST_REPORTED = Instant.parse("2026-01-01T12:00:00Z").getEpochSecond();

    /** Copies the lists. */
    public MobilityData {
        vehicles = List.copyOf(vehicles);
        trips = List.copyOf(trips);
    }

    /**
     * A vehicle's status, as GBFS {@code vehicle_status} has it.
     *
     * @param vehicleId          the (rotating) vehicle id
     * @param lat                latitude
     * @param lon                longitude
     * @param isReserved         reserved by a rider
     * @param isDisabled         out of service
     * @param vehicleTypeId      ebike, escooter or ecargo
     * @param currentRangeMeters remaining range
     * @param lastReported       POSIX seconds of the last report
     */
    public record Vehicle(String vehicleId, double lat, double lon, boolean isReserved, boolean isDisabled,
                          String vehicleTypeId, int currentRangeMeters, long lastReported) {
    }

    /**
     * A trip, as MDS provider {@code trips} has it, with zones for routes.
     *
     * @param tripId        the trip id
     * @param deviceId      the vehicle's id
     * @param vehicleType   bicycle, scooter or cargo_bicycle
     * @param startTime     start, epoch milliseconds
     * @param endTime       end, epoch milliseconds
     * @param tripDuration  seconds
     * @param tripDistance  meters
     * @param startZone     where it started
     * @param endZone       where it ended
     */
    public record Trip(String tripId, String deviceId, String vehicleType, long startTime, long endTime, int tripDuration,
                       int tripDistance, String startZone, String endZone) {
    }

    /** {@code vehicles} vehicles and {@code trips} trips among them, from {@code seed}. */
    public static MobilityData generate(int vehicles, int trips, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Vehicle> fleet = new ArrayList<>(vehicles);
        for (int i = 0; i < vehicles; i++) {
            String type = TYPES[HealthData.pick(random, TYPE_WEIGHTS)];
            fleet.add(new Vehicle(uuid(random), round(52.30 + random.nextDouble() * 0.08, 5), round(5.10 + random.nextDouble() * 0.12, 5),
                    random.nextDouble() < 0.05, random.nextDouble() < 0.03, type, 2_000 + random.nextInt(48_000),
                    LAST_REPORTED - random.nextInt(600)));
        }
        List<Trip> list = new ArrayList<>(trips);
        long start = FIRST_TRIP;
        for (int i = 0; i < trips; i++) {
            Vehicle v = fleet.get(random.nextInt(fleet.size()));
            start += 1_000L * random.nextInt(1, 1_200);
            int distance = 300 + random.nextInt(6_000);
            int duration = distance / (v.vehicleTypeId().equals("escooter") ? 4 : 5) + random.nextInt(120);
            String from = ZONES[HealthData.pick(random, ZONE_WEIGHTS)];
            String to = ZONES[HealthData.pick(random, ZONE_WEIGHTS)];
            list.add(new Trip(uuid(random), v.vehicleId(), switch (v.vehicleTypeId()) {
                case "ebike" -> "bicycle";
                case "escooter" -> "scooter";
                default -> "cargo_bicycle";
            }, start, start + duration * 1_000L, duration, distance, from, to));
        }
        return new MobilityData(fleet, list);
    }

    /** The number of trips per start and end zone, as an aggregate by those fields counts them. */
    public Map<List<String>, Long> tripsByZones() {
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
        for (Trip t : trips) {
            counts.merge(List.of(t.startZone(), t.endZone()), 1L, Long::sum);
        }
        return counts;
    }

    /** A version 4 UUID from the seeded generator, so ids repeat with the seed. */
    private static String uuid(SplittableRandom random) {
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
