package bbh.itest;

import static org.junit.Assert.assertEquals;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Benchmark, not a test (run by bench/commit-latency, never by the build): in a running runtime,
 * the time from a commit that touches one tenant to that tenant's VALIDATED event, in a repository
 * of {@code bench.tenants} generated tenants. The units stage is switched off with a target filter,
 * so only the source and validation are measured.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommitLatencyBench {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    @Test
    public void oneTenantCommitToValidated() throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 1000);
        int rounds = Integer.getInteger("bench.rounds", 20);
        Path repo = Scratch.folder("bench-repo-" + tenants);
        run(workspace().resolve("bench/generate-repo").toString(), String.valueOf(tenants), repo.toString());

        // No units stage: a filter that matches nothing leaves the stage absent.
        org.osgi.service.cm.Configuration pipeline = configurationAdmin.getConfiguration("bbh.pipeline", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("units.target", "(bbh.bench=none)");
        pipeline.update(p);

        BlockingQueue<PipelineEvent> validated = new LinkedBlockingQueue<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, PipelineTopics.VALIDATED);
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class,
                e -> validated.add(PipelineEvent.of(e)), topics);
        try {
            long start = System.nanoTime();
            org.osgi.service.cm.Configuration source = SourceConfiguration.follow(configurationAdmin, repo.toString(),
                    Scratch.folder("bench-root"));
            for (int i = 0; i < tenants; i++) {
                if (validated.poll(120, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("first sync: only " + i + " of " + tenants + " VALIDATED within 120 s");
                }
            }
            double firstSync = (System.nanoTime() - start) / 1e9;
            TenantRepository repository = Await.service(context, TenantRepository.class);

            List<Double> toValidated = new ArrayList<>();
            List<Double> syncCall = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String id = String.format("t%05d", (r * 7919) % tenants);
                Path metadata = repo.resolve("tenants").resolve(id).resolve("metadata.json");
                Files.writeString(metadata, Files.readString(metadata).replaceFirst("\"description\": \"[^\"]*\"",
                        "\"description\": \"round " + r + "\""));
                run("git", "-C", repo.toString(), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                        "commit", "-qam", "round " + r);
                long t0 = System.nanoTime();
                SyncReport report = repository.sync();
                long t1 = System.nanoTime();
                assertEquals(List.of(id), report.changed());
                PipelineEvent e;
                do {
                    e = validated.poll(10, TimeUnit.SECONDS);
                    if (e == null) {
                        throw new AssertionError("no VALIDATED for " + id + " within 10 s");
                    }
                } while (!e.tenantId().equals(id));
                long t2 = System.nanoTime();
                syncCall.add((t1 - t0) / 1e6);
                toValidated.add((t2 - t0) / 1e6);
            }
            source.delete();
            System.out.printf("BENCH commit-latency tenants=%d first_sync_s=%.2f rounds=%d "
                            + "to_validated_ms_median=%.1f to_validated_ms_p95=%.1f to_validated_ms_max=%.1f sync_call_ms_median=%.1f%n",
                    tenants, firstSync, rounds, percentile(toValidated, 50), percentile(toValidated, 95),
                    percentile(toValidated, 100), percentile(syncCall, 50));
        } finally {
            handler.unregister();
            pipeline.delete();
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static Path workspace() {
        return Path.of(System.getProperty("bbh.workspace", "..")).toAbsolutePath().normalize();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
