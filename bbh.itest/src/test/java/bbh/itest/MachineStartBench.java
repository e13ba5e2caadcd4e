package bbh.itest;

import bbh.api.pipeline.PipelineEventKeys;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.source.TenantRepository;
import bbh.api.stage.MachineStage;
import bbh.api.stage.NetworkStage;
import bbh.api.stage.OverlayStage;
import bbh.api.stage.TenantWork;
import bbh.itest.host.TestHost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Benchmark, not a test (run by bench/machine-start, never by the build): in the booted test host,
 * the time from a commit (the sync that reads it) to VM_STARTED for one new tenant, five times, and
 * for 20 new tenants in one commit; and the cost of a {@code bundle update} of bbh.machine while
 * 10 tenants are in flight (the update's own time, the burst's time against the same burst without
 * it, events lost). Pass-through network and overlay stages, as in MachineStageIT. For each burst it
 * also counts the test host's daemon-reloads (PID 1's "Reloading." journal lines): the profile that
 * showed reloads queued by parallel lanes as the cost of a burst.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineStartBench {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    /** Nano times of VM_STARTED per tenant, and a latch per awaited burst. */
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile CountDownLatch pending = new CountDownLatch(0);
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private TestHost host;
    /** Per tenant, when each of its pipeline events arrived (nanos): the burst's profile. */
    private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
    /** daemon-reloads of the last burst. */
    private long lastReloads;

    @Test
    public void commitToVmStarted() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        try (TestHost host = TestHost.start("machine-bench-" + ProcessHandle.current().pid())) {
            this.host = host;
            org.osgi.service.cm.Configuration bus = configurationAdmin.getConfiguration("bbh.systemd", "?");
            bus.update(new Hashtable<>(Map.of("bus", host.busAddress())));
            configs.add(bus);
            Hashtable<String, Object> top = new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE));
            regs.add(context.registerService(NetworkStage.class, new NetworkStage() {
                public void apply(TenantWork w) {}
                public void remove(String id, bbh.api.stage.HostLayout h) {}
            }, top));
            regs.add(context.registerService(OverlayStage.class, new OverlayStage() {
                public void apply(TenantWork w) {}
                public void remove(String id, bbh.api.stage.HostLayout h) {}
            }, top));
            Hashtable<String, Object> topic = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC,
                    new String[] {PipelineTopics.ALL}));
            regs.add(context.registerService(EventHandler.class, e -> {
                String id = (String) e.getProperty(PipelineEventKeys.TENANT_ID);
                if (id != null) {
                    seen.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).putIfAbsent(
                            e.getTopic().substring(PipelineTopics.PREFIX.length()), System.nanoTime());
                }
                if (!e.getTopic().equals(PipelineTopics.VM_STARTED) && !e.getTopic().equals(PipelineTopics.FAILED)) {
                    return;
                }
                if (e.getTopic().equals(PipelineTopics.FAILED)) {
                    failed.put(id, String.valueOf(e.getProperty("error")));
                } else {
                    started.put(id, System.nanoTime());
                }
                pending.countDown();
            }, topic));
            Await.service(context, MachineStage.class);
            String lanes = System.getProperty("bench.threads");
            if (lanes != null) {
                // The pipeline reads its lane count when it activates: configure it, then start bbh.tenant again.
                org.osgi.service.cm.Configuration pipeline = configurationAdmin.getConfiguration("bbh.pipeline", "?");
                pipeline.update(new Hashtable<>(Map.of("threads", Integer.parseInt(lanes))));
                configs.add(pipeline);
                Bundle tenant = bundle("bbh.tenant");
                tenant.stop();
                tenant.start();
                Await.service(context, MachineStage.class);
                System.out.printf("BENCH machine: pipeline lanes %s (bbh.pipeline threads)%n", lanes);
            }

            TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("machine-bench-repo"));
            repo.write("seed", metadata("seed"));
            grant(configs, "seed");
            repo.commit("seed");
            pending = new CountDownLatch(1);
            configs.add(SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root()));
            await("seed");
            TenantRepository repository = Await.service(context, TenantRepository.class);

            long[] one = new long[5];
            for (int i = 0; i < one.length; i++) {
                one[i] = burst(repo, repository, configs, List.of("one-" + i), null);
            }
            List<String> twenty = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                twenty.add("many-" + i);
            }
            long many = burst(repo, repository, configs, twenty, null);
            long manyReloads = lastReloads;
            String manyProfile = profile(twenty);
            List<String> ten = new ArrayList<>();
            List<String> tenUpdated = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add("base-" + i);
                tenUpdated.add("upd-" + i);
            }
            long base = burst(repo, repository, configs, ten, null);
            long baseReloads = lastReloads;
            long[] update = new long[1];
            long withUpdate = burst(repo, repository, configs, tenUpdated, () -> {
                Bundle machine = bundle("bbh.machine");
                long t0 = System.nanoTime();
                machine.update();
                Await.service(context, MachineStage.class);
                update[0] = System.nanoTime() - t0;
            });
            Arrays.sort(one);
            System.out.printf("BENCH machine one tenant commit->VM_STARTED: median %d ms, min %d ms, max %d ms (5 runs)%n",
                    ms(one[2]), ms(one[0]), ms(one[4]));
            System.out.printf("BENCH machine 20 tenants in one commit -> all VM_STARTED: %d ms (%d daemon-reloads)%n",
                    ms(many), manyReloads);
            System.out.printf("BENCH machine 20 tenants, where the time goes: %s%n", manyProfile);
            System.out.printf("BENCH machine 10 tenants: %d ms (%d daemon-reloads); with a bundle update of bbh.machine in flight: %d ms "
                    + "(update until the stage is back: %d ms); VM_STARTED events lost: 0 of 10%n",
                    ms(base), baseReloads, ms(withUpdate), ms(update[0]));
        } finally {
            for (ServiceRegistration<?> r : regs) {
                r.unregister();
            }
            for (org.osgi.service.cm.Configuration c : configs) {
                c.delete();
            }
        }
    }

    /** Commits new tenants, syncs, runs {@code during} at once, and waits for every VM_STARTED; returns the nanos. */
    private long burst(TenantGitRepo repo, TenantRepository repository, List<org.osgi.service.cm.Configuration> configs,
            List<String> ids, ThrowingRunnable during) throws Exception {
        for (String id : ids) {
            grant(configs, id);
            repo.write(id, metadata(id));
        }
        repo.commit("burst of " + ids.size());
        pending = new CountDownLatch(ids.size());
        long reloadsBefore = reloads();
        long t0 = System.nanoTime();
        burstStart = t0;
        Thread sync = new Thread(repository::sync, "sync");
        sync.start();
        if (during != null) {
            during.run();
        }
        sync.join();
        for (String id : ids) {
            await(id);
        }
        long end = ids.stream().mapToLong(started::get).max().orElseThrow();
        lastReloads = reloads() - reloadsBefore;
        return end - t0;
    }

    private volatile long burstStart;
    /**
     * For the tenants of the last burst, from its sync: when their units were written and their
     * overlay stage ended (the machine stage's start), and how long the machine stage took
     * (OVERLAY_MOUNTED to VM_STARTED: plan, write, reload, start job to the guest's READY, machined):
     * median and last or longest.
     */
    private String profile(List<String> ids) {
        long[] units = new long[ids.size()];
        long[] machineIn = new long[ids.size()];
        long[] machine = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Long> t = seen.get(ids.get(i));
            units[i] = t.get("UNITS_WRITTEN") - burstStart;
            machineIn[i] = t.get("OVERLAY_MOUNTED") - burstStart;
            machine[i] = t.get("VM_STARTED") - t.get("OVERLAY_MOUNTED");
        }
        Arrays.sort(units);
        Arrays.sort(machineIn);
        Arrays.sort(machine);
        int mid = ids.size() / 2;
        int last = ids.size() - 1;
        return String.format("units written after median %d ms, last %d ms; machine stage entered after median %d ms, "
                + "last %d ms; machine stage (plan .. guest READY) median %d ms, longest %d ms; load average %s",
                ms(units[mid]), ms(units[last]), ms(machineIn[mid]), ms(machineIn[last]), ms(machine[mid]), ms(machine[last]),
                loadAverage());
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** daemon-reloads since the test host booted: systemd 252 logs "Reloading." at each. */
    private long reloads() throws Exception {
        String log = host.exec("journalctl", "-b", "_PID=1", "-o", "cat", "--no-pager").requireSuccess().stdout();
        return log.lines().filter(l -> l.equals("Reloading.")).count();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void await(String id) throws InterruptedException {
        // Waits on the event handler's latch, with a deadline; a missing event fails the bench.
        if (!pending.await(2, TimeUnit.MINUTES) && !started.containsKey(id)) {
            throw new AssertionError("no VM_STARTED for " + id + " within 2 min: an event was lost");
        }
        if (!started.containsKey(id)) {
            throw new AssertionError("no VM_STARTED for " + id + (failed.containsKey(id) ? ": FAILED " + failed.get(id) : ""));
        }
    }

    private void grant(List<org.osgi.service.cm.Configuration> configs, String id) throws Exception {
        org.osgi.service.cm.Configuration c = configurationAdmin.createFactoryConfiguration("bbh.nspawn.tenant", "?");
        c.update(new Hashtable<>(Map.of("tenant", id, "privateUsers", "no")));
        configs.add(c);
    }

    private Bundle bundle(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String metadata(String id) {
        return """
                { "schemaVersion": 1, "id": "%s", "backend": "nspawn",
                  "image": { "type": "directory", "name": "debian-12" },
                  "resources": { "memoryMax": "256M", "tasksMax": 200 } }
                """.formatted(id);
    }
}
