package dev.distill.common;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Pools of worker threads, and waiting for what they compute with failures reported as Distill reports them. */
public final class Workers {
    private Workers() {
    }

    /** A fixed pool of {@code threads} (at least one) daemon threads named {@code name}. */
    public static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What {@code future} computed. A runtime failure is thrown again as it was; any other failure, or an
     * interruption, becomes a {@link DistillException} naming {@code activity} ("building layers").
     */
    public static <T> T await(Future<T> future, String activity) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new DistillException(activity + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while " + activity, e);
        }
    }
}
