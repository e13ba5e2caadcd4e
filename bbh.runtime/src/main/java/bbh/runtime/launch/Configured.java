package bbh.runtime.launch;

/**
 * Registered, within this bundle, once the operator's configuration is in effect: the signal the
 * batch commands wait for before they validate or apply anything.
 */
final class Configured {}
