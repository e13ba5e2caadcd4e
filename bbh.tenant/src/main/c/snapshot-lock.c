#include "snapshot-lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t wait_expired;

static void on_alarm(int signal_number) {
    (void)signal_number;
    wait_expired = 1;
}

int lock_shared(int fd, unsigned timeout_seconds) {
    struct flock whole = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (timeout_seconds == 0) {
        if (fcntl(fd, F_SETLK, &whole) == 0) {
            return 0;
        }
        return errno == EACCES || errno == EAGAIN ? -ETIMEDOUT : -errno;
    }

    /* A timer interrupts the blocking wait (no SA_RESTART, so fcntl returns EINTR). It fires again
     * every 100 ms after the deadline: should the first signal land just before fcntl starts to wait,
     * the next one still ends the wait. */
    struct sigaction action, previous;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGALRM, &action, &previous) < 0) {
        return -errno;
    }
    wait_expired = 0;
    struct itimerval timer = {.it_value = {.tv_sec = timeout_seconds}, .it_interval = {.tv_usec = 100000}};
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &timer, NULL);

    int result = 0;
    while (fcntl(fd, F_SETLKW, &whole) < 0) {
        if (errno != EINTR) {
            result = -errno;
            break;
        }
        if (wait_expired) {
            result = -ETIMEDOUT;
            break;
        }
    }
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &previous, NULL);
    return result;
}
