package bbh.runtime.launch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints lines on a thread of its own. EventAdmin hands an event to its handlers one after another,
 * so a handler that waits for a slow terminal or pipe would hold back the pipeline's own handlers;
 * the batch's handler only queues the line here and returns.
 */
final class EventPrinter {

    private final PrintStream out;
    private final List<String> queued = new ArrayList<>();
    private boolean writing;
    private final Thread thread;

    EventPrinter(PrintStream out) {
        this.out = out;
        this.thread = new Thread(this::loop, "bbh-batch-printer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a line; never blocks on the output. */
    synchronized void print(String line) {
        queued.add(line);
        if (queued.size() == 1) {
            notifyAll(); // the printer sleeps only on an empty queue: wake it once per batch
        }
    }

    /** Waits until every queued line is written and flushed. */
    synchronized void drain() throws InterruptedException {
        while (!queued.isEmpty() || writing) {
            wait();
        }
    }

    private void loop() {
        try {
            while (true) {
                List<String> batch;
                synchronized (this) {
                    while (queued.isEmpty()) {
                        wait();
                    }
                    batch = new ArrayList<>(queued);
                    queued.clear();
                    writing = true;
                }
                for (String line : batch) {
                    out.println(line);
                }
                out.flush(); // once per batch, not per line
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
