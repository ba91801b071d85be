package dev.loopreg.source;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Feedback on long collections, on stderr so stdout stays the result: a progress bar on an interactive
 * terminal, plain log lines at every 10 % otherwise, nothing for short runs (fewer than {@code minTotal}
 * repo reads) or with {@code --progress none}.
 */
public interface Progress {

    /** One task being counted. Thread-safe. */
    interface Task extends AutoCloseable {
        void step();

        @Override
        void close();
    }

    Task start(String label, long total);

    static Progress none() {
        return (label, total) -> new Task() {
            public void step() {
            }

            public void close() {
            }
        };
    }

    /** Plain lines, e.g. {@code collect kaizen-stack: 500/1000 repo metrics read (50%)}. */
    static Progress log(java.io.PrintWriter out, long minTotal) {
        return (label, total) -> {
            if (total < minTotal) return none().start(label, total);
            AtomicLong done = new AtomicLong();
            Object lock = new Object();
            long[] lastDecile = {0};
            return new Task() {
                public void step() {
                    long d = done.incrementAndGet();
                    long decile = d * 10 / total;
                    synchronized (lock) {
                        if (decile > lastDecile[0]) {
                            lastDecile[0] = decile;
                            out.println(label + ": " + d + "/" + total + " repo metrics read (" + (decile * 10) + "%)");
                            out.flush();
                        }
                    }
                }

                public void close() {
                }
            };
        };
    }

    /** A progress bar (me.tongfei:progressbar) drawn on {@code out}. */
    static Progress bar(PrintStream out, long minTotal) {
        return (label, total) -> {
            if (total < minTotal) return none().start(label, total);
            ProgressBar pb = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(out, 100)).build();
            return new Task() {
                public void step() {
                    pb.step();
                }

                public void close() {
                    pb.close();
                }
            };
        };
    }
}
