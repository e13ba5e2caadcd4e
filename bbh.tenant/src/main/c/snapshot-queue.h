/* A bounded first-in first-out queue of snapshots, from the thread that reads them to the one that
 * writes them: reading (bbh's state, on disk) and writing (the output folder, a tmpfs) overlap,
 * while the writing stays in one thread and in the order of the ids, so which of two snapshots
 * keeps a path they both carry is the same on every run. */
#ifndef BBH_SNAPSHOT_QUEUE_H
#define BBH_SNAPSHOT_QUEUE_H

#include "snapshot-read.h"

#include <pthread.h>

/* Snapshots read ahead at most: bounds the memory (a tenant's snapshot is a few kB). */
#define QUEUE_SIZE 64

struct snapshot_queue {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct snapshot *items[QUEUE_SIZE];
    size_t head;
    size_t count;
    int closed;
};

void queue_init(struct snapshot_queue *q);

/* Adds s (owned by the queue from now on), waiting while the queue is full. */
void queue_put(struct snapshot_queue *q, struct snapshot *s);

/* No more snapshots will come. */
void queue_close(struct snapshot_queue *q);

/* The next snapshot (owned by the caller), waiting while the queue is empty; NULL once it is closed
 * and empty. */
struct snapshot *queue_take(struct snapshot_queue *q);

void queue_destroy(struct snapshot_queue *q);

#endif
