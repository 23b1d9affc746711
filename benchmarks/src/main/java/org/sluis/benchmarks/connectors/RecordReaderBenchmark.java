package org.sluis.benchmarks.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.format.RecordFormat;
import org.sluis.connectors.format.RecordReaders;
import org.sluis.connectors.format.RecordWriter;
import org.sluis.connectors.format.SourceFormat;

/**
 * Reading records from bytes, the first stage of every pull from an HTTP or file source, and
 * reading them and writing them again, what the gateway does per record when no obligation
 * applies to the record's content. One thread (one core) reads {@value #ROWS} records per
 * invocation from an in-memory copy of the input, so no I/O is measured; throughput is reported
 * per record: ops/s = records/s on one core.
 *
 * <p>Records are those of {@code benchmarks/pull-vs-direct.sh}:
 * {@code {"patientId":"p-…","age":…,"value":…,"note":"synthetic vitals record padding"}}, about
 * 90 bytes each. {@code @Param format}: {@code ndjson} (one record per line) or {@code json} (one
 * array of them).
 *
 * <p>Defaults: 1 fork, 3 warm-up and 5 measured iterations of 2 s each. Run (from the repository
 * root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RecordReaderBenchmark
 * java -jar benchmarks/target/benchmarks.jar RecordReaderBenchmark.read -p format=ndjson -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordReaderBenchmark {
    static final int ROWS = 1 << 16;

    /** The input of one transfer, as bytes. */
    @State(Scope.Thread)
    public static class Input {
        /** How the bytes encode records. */
        @Param({"ndjson", "json"})
        String format;

        SourceFormat source;
        RecordFormat output;
        byte[] bytes;

        /** Builds {@value #ROWS} records in the chosen format. */
        @Setup(Level.Trial)
        public void setUp() {
            source = SourceFormat.of(format);
            output = RecordFormat.fromWire(format).orElseThrow();
            boolean array = source == SourceFormat.JSON;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < ROWS; i++) {
                line.setLength(0);
                line.append(i == 0 ? (array ? "[" : "") : (array ? ",\n" : ""))
                        .append("{\"patientId\":\"p-").append(i % 100_000).append("\",\"age\":").append(i % 90)
                        .append(",\"value\":").append(i).append(",\"note\":\"synthetic vitals record padding\"}")
                        .append(array ? "" : "\n");
                out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (array) {
                out.writeBytes("]\n".getBytes(StandardCharsets.UTF_8));
            }
            bytes = out.toByteArray();
        }
    }

    /**
     * Reads every record of the input.
     *
     * @return the number of fields read, so the work cannot be optimised away
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long read(Input in) throws IOException {
        long fields = 0;
        try (RecordCursor cursor = RecordReaders.open(in.source, new ByteArrayInputStream(in.bytes))) {
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                fields += r.size();
            }
        }
        return fields;
    }

    /**
     * Reads every record of the input and writes it in the same format to a stream that discards
     * the bytes.
     *
     * @return the number of records, so the work cannot be optimised away
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long readAndWrite(Input in) throws IOException {
        OutputStream sink = OutputStream.nullOutputStream();
        RecordWriter writer = in.output.writer(sink, List.of());
        long records = 0;
        try (RecordCursor cursor = RecordReaders.open(in.source, new ByteArrayInputStream(in.bytes))) {
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                writer.write(r);
                records++;
            }
        }
        writer.finish();
        return records;
    }
}
