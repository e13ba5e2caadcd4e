package bbh.machine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.MachineBackend;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The selection rule: name, then highest ranking, then lowest service id; leaving backends are never picked. */
class BackendChoiceTest {

    private static final MachineBackend ANY = new MachineBackend() {
        @Override
        public Optional<String> unsupportedReason(TenantSpec spec, bbh.api.stage.HostLayout host) {
            return Optional.empty();
        }

        @Override
        public MachinePlan plan(TenantWork work) {
            return new MachinePlan("");
        }
    };

    private static BackendCandidate candidate(String name, Integer ranking, long id) {
        Map<String, Object> p = ranking == null
                ? Map.of(MachineBackend.NAME, name, "service.id", id)
                : Map.of(MachineBackend.NAME, name, "service.id", id, "service.ranking", ranking);
        return BackendChoice.candidate(ANY, p, "b" + id);
    }

    @Test
    void theLowestServiceIdWinsAmongEqualRankings() {
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("nspawn", null, 12));
        choice.add(candidate("nspawn", 0, 7));
        choice.add(candidate("vmspawn", null, 3));
        assertEquals(7, choice.pick("nspawn").orElseThrow().serviceId());
        assertEquals(3, choice.pick("vmspawn").orElseThrow().serviceId());
    }

    @Test
    void theHighestRankingWinsOverAnOlderService() {
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("nspawn", null, 5));
        choice.add(candidate("nspawn", 10, 40));
        choice.add(candidate("nspawn", -5, 1));
        assertEquals(40, choice.pick("nspawn").orElseThrow().serviceId());
    }

    @Test
    void aLeavingBackendHandsOverToTheNextOfItsName() {
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("nspawn", 10, 40));
        choice.add(candidate("nspawn", null, 5));
        choice.remove(40);
        assertEquals(5, choice.pick("nspawn").orElseThrow().serviceId());
        choice.remove(5);
        assertTrue(choice.pick("nspawn").isEmpty());
        assertEquals(List.of(), choice.names());
    }

    @Test
    void noBackendOfAnotherNameIsEverPicked() {
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("nspawn", 100, 1));
        assertTrue(choice.pick("vmspawn").isEmpty());
        assertEquals(List.of("nspawn"), choice.names());
    }

    @Test
    void aTenantWaitsForABackendThatComesBackWithinTheGraceAndNotForOneThatDoesNot() throws Exception {
        // A bundle update: the old service leaves, the new one arrives a moment later on another thread.
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("nspawn", null, 12));
        choice.remove(12);
        java.util.concurrent.CompletableFuture<java.util.Optional<BackendCandidate>> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return choice.await("nspawn", java.time.Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        choice.add(candidate("nspawn", null, 40));
        assertEquals(40, waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().serviceId());
        // None of the name arrives: empty once the grace is over.
        assertTrue(choice.await("vmspawn", java.time.Duration.ofMillis(50)).isEmpty());
        assertEquals(40, choice.await("nspawn", java.time.Duration.ZERO).orElseThrow().serviceId());
    }

    @Test
    void allListsByNameThenBestFirst() {
        BackendChoice choice = new BackendChoice();
        choice.add(candidate("vmspawn", null, 2));
        choice.add(candidate("nspawn", null, 9));
        choice.add(candidate("nspawn", 3, 11));
        assertEquals(List.of(11L, 9L, 2L), choice.all().stream().map(BackendCandidate::serviceId).toList());
    }
}
