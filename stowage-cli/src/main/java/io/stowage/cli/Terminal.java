package io.stowage.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams of one command run. Dump data goes to {@link #out()}; messages, warnings
 * and progress always go to {@link #err()} so that {@code stowage dump > file} stays clean.
 *
 * @param in      standard input (a script for {@code restore} without a file)
 * @param out     standard output
 * @param err     standard error
 * @param verbose whether {@code -v/--verbose} was given anywhere on the command line
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err, boolean verbose) {

    /** Prints {@code stowage: message} on standard error. */
    public void say(String message) {
        err.println("stowage: " + message);
    }
}
