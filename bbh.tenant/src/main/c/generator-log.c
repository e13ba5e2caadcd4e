#include "generator-log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *program_name = "generator";
static int kmsg_fd = -1;

void log_open(const char *program) {
    program_name = program;
    const char *target = getenv("BBH_GENERATOR_LOG");
    int want_kmsg = target != NULL ? strcmp(target, "kmsg") == 0 : getenv("SYSTEMD_SCOPE") != NULL;
    if (want_kmsg) {
        kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    }
}

static void log_line(int level, const char *format, va_list args) {
    char message[1024];
    vsnprintf(message, sizeof message, format, args);
    /* A file name is part of many messages: a control character in one must not start a line of its
     * own (kmsg takes one record per write, a terminal one per newline). */
    for (char *c = message; *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            *c = '?';
        }
    }
    char line[1200];
    int n;
    if (kmsg_fd >= 0) {
        n = snprintf(line, sizeof line, "<%d>%s[%d]: %s\n", LOG_DAEMON | level, program_name, (int)getpid(), message);
        if (n > 0 && write(kmsg_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) >= 0) {
            return;
        }
    }
    n = snprintf(line, sizeof line, "%s: %s\n", program_name, message);
    if (n > 0) {
        /* One write per line: generators run in parallel and share the manager's stderr. */
        ssize_t ignored = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        (void)ignored;
    }
}

void log_error(const char *format, ...) {
    va_list args;
    va_start(args, format);
    log_line(LOG_ERR, format, args);
    va_end(args);
}

void log_warning(const char *format, ...) {
    va_list args;
    va_start(args, format);
    log_line(LOG_WARNING, format, args);
    va_end(args);
}

void log_info(const char *format, ...) {
    va_list args;
    va_start(args, format);
    log_line(LOG_INFO, format, args);
    va_end(args);
}
