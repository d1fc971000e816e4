package io.stowage.tools.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and everything it started: a polite request first ({@code destroy}, SIGTERM on
 * Unix), then, after a grace period, {@code destroyForcibly} (SIGKILL) for whatever is still alive.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /**
     * Ends {@code root} and its descendants and waits (at most about twice {@code grace}) for them to be gone.
     *
     * @return the processes that were still alive after the forcible kill (normally none)
     */
    public static List<ProcessHandle> destroy(ProcessHandle root, Duration grace) {
        // A cancel by interrupt arrives here with the flag set; it would cut the grace period to nothing.
        boolean interrupted = Thread.interrupted();
        try {
            return destroyTree(root, grace);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<ProcessHandle> destroyTree(ProcessHandle root, Duration grace) {
        // The descendants are listed before anything dies: once the root is gone its children are
        // re-parented (to init) and root.descendants() no longer finds them.
        Set<ProcessHandle> all = new LinkedHashSet<>();
        all.add(root);
        root.descendants().forEach(all::add);
        // Ask the leaves first, so a parent (pg_dump -j's leader) does not report its workers' deaths as errors.
        List<ProcessHandle> order = new ArrayList<>(all);
        java.util.Collections.reverse(order);
        order.forEach(ProcessHandle::destroy);
        // A child may have forked between the listing and the signal: look once more.
        root.descendants().forEach(all::add);
        if (!awaitAll(all, grace)) {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitAll(all, grace);
        }
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static boolean awaitAll(Set<ProcessHandle> handles, Duration limit) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            // Keep the interrupt for the caller; the forcible kill still happens.
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return handles.stream().noneMatch(ProcessHandle::isAlive);
        }
    }
}
