package bbh.api.stage;

import bbh.api.tenant.TenantSpec;

/**
 * What a stage is asked to do: bring one tenant at one commit to the stage's state.
 *
 * @param spec the validated tenant
 * @param commit the commit, see {@link bbh.api.pipeline.PipelineEventKeys#COMMIT}
 * @param generation orders works of one tenant
 * @param host where the host's files live
 */
public record TenantWork(TenantSpec spec, String commit, long generation, HostLayout host) {}
