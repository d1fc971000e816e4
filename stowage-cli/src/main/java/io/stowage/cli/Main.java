package io.stowage.cli;

/** Placeholder entry point until the commands land. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("stowage");
    }
}
