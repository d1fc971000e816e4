package io.stowage.cli;

import io.stowage.core.error.ErrorCode;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * {@code --timeout} for the native engine, which has no cancel of its own: when the limit passes,
 * one line is printed and the process exits with {@link ErrorCode#CANCELLED}'s code, which runs the
 * shutdown hooks that delete the partial output, as Ctrl-C does; the server ends the sessions whose
 * sockets close. Embedded runs ({@link Main#execute}, which must not exit the JVM) get an interrupt
 * of the running thread instead, which stops the run at its next blocking wait on a worker at best.
 */
final class NativeWatchdog implements AutoCloseable {
    /** How the process exits when the limit passes; set only by {@link Main#main}. */
    static volatile IntConsumer processExit;

    private final Thread thread;

    private NativeWatchdog(Thread thread) {
        this.thread = thread;
    }

    /** Starts a watchdog for {@code what} (dump, restore), or none when {@code limit} is {@code null}. */
    static NativeWatchdog start(Terminal terminal, String what, Duration limit) {
        if (limit == null) {
            return new NativeWatchdog(null);
        }
        Thread runner = Thread.currentThread();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException finished) {
                return;
            }
            terminal.say("error: the " + what + " did not finish within " + limit.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " and was stopped - raise --timeout");
            IntConsumer exit = processExit;
            if (exit != null) {
                exit.accept(ErrorCode.CANCELLED.exitCode());
            } else {
                runner.interrupt();
            }
        }, "stowage-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        return new NativeWatchdog(watchdog);
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
