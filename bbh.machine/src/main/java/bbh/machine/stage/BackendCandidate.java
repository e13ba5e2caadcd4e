package bbh.machine.stage;

import bbh.api.stage.MachineBackend;

/**
 * One registered {@link MachineBackend} service with what the selection rule reads of it.
 *
 * @param name its {@value MachineBackend#NAME} property
 * @param ranking its {@code service.ranking} (0 when not set)
 * @param serviceId its {@code service.id}
 * @param bundle the symbolic name of the bundle that registered it, for operators
 * @param backend the service
 */
public record BackendCandidate(String name, int ranking, long serviceId, String bundle, MachineBackend backend) {}
