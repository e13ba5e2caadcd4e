/* Logging for the generators: one line per message, to /dev/kmsg when systemd runs the generator
 * (syslog and the journal are not up yet, systemd.generator(7)), else to stderr. */
#ifndef BBH_GENERATOR_LOG_H
#define BBH_GENERATOR_LOG_H

/* Chooses the target: $BBH_GENERATOR_LOG = "kmsg" or "stderr" when set; else kmsg when
 * $SYSTEMD_SCOPE is set (the manager sets it for every generator it runs), stderr otherwise.
 * Falls back to stderr when /dev/kmsg cannot be opened. */
void log_open(const char *program);

void log_error(const char *format, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *format, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
