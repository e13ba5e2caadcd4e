/**
 * What bbh's console commands share, whichever bundle contributes them: the table their output is
 * laid out in.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package bbh.tenant.console;
