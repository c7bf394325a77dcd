package io.kindred.ri.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiParser;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.status.StatusResult;
import io.kindred.ri.structure.WorkloadStructure;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a watcher pays per event for one PyTorchJob (3.7 KB of JSON as the API server sends it, managedFields
 * included): parsing the bytes into a Jackson tree — the floor every watcher pays — next to evaluating the
 * reference PyTorchJob RI on the already parsed tree: status, the pod groups the job needs, a worker pod's
 * resolution, and the full structure. Run with {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RiEvaluationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private byte[] objectBytes;
    private JsonNode object;
    private JsonNode workerPod;
    private CompiledResourceInterface ri;

    @Setup
    public void setUp() throws IOException {
        objectBytes = read("/bench/pytorchjob-watched.json");
        object = JSON.readTree(objectBytes);
        workerPod = YAML.readTree(read("/workloads/pytorch-pod-worker.yaml"));
        ri = CompiledResourceInterface.compile(RiParser.parse(read("/karta-examples/pytorch.yaml")));
        // fail fast on a broken setup rather than measure errors
        StatusResult status = ri.status(object);
        if (status.hasErrors() || status.conditions().size() != 2) {
            throw new IllegalStateException("unexpected status " + status);
        }
        if (ri.podGroups(object).get(0).minMember() != 4 || !ri.resolvePod(object, workerPod, null).isComplete()) {
            throw new IllegalStateException("unexpected gang evaluation");
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = RiEvaluationBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing benchmark resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** The floor: the JSON bytes of a watch event's object into a tree. */
    @Benchmark
    public JsonNode parseObjectJson() throws IOException {
        return JSON.readTree(objectBytes);
    }

    @Benchmark
    public StatusResult status() {
        return ri.status(object);
    }

    @Benchmark
    public List<RiPodGroupRequirement> podGroups() {
        return ri.podGroups(object);
    }

    @Benchmark
    public PodResolution resolvePod() {
        return ri.resolvePod(object, workerPod, null);
    }

    @Benchmark
    public WorkloadStructure structure() {
        return ri.structure(object);
    }
}
