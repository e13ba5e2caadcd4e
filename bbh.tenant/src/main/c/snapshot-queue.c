#include "snapshot-queue.h"

void queue_init(struct snapshot_queue *q) {
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->changed, NULL);
    q->head = 0;
    q->count = 0;
    q->closed = 0;
}

void queue_put(struct snapshot_queue *q, struct snapshot *s) {
    pthread_mutex_lock(&q->lock);
    while (q->count == QUEUE_SIZE) {
        pthread_cond_wait(&q->changed, &q->lock);
    }
    q->items[(q->head + q->count) % QUEUE_SIZE] = s;
    q->count++;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

void queue_close(struct snapshot_queue *q) {
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

struct snapshot *queue_take(struct snapshot_queue *q) {
    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->closed) {
        pthread_cond_wait(&q->changed, &q->lock);
    }
    struct snapshot *s = NULL;
    if (q->count > 0) {
        s = q->items[q->head];
        q->head = (q->head + 1) % QUEUE_SIZE;
        q->count--;
        pthread_cond_broadcast(&q->changed);
    }
    pthread_mutex_unlock(&q->lock);
    return s;
}

void queue_destroy(struct snapshot_queue *q) {
    pthread_cond_destroy(&q->changed);
    pthread_mutex_destroy(&q->lock);
}
