package io.stowage.cli;

import picocli.CommandLine.Option;

/**
 * pg_dump's help and version flags. {@code -h} is the host there, so help is {@code -?}/{@code --help},
 * as in pg_dump and pg_restore.
 */
final class HelpOptions {
    @Option(names = {"-?", "--help"}, usageHelp = true, description = "Show this help, then exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version, then exit.")
    boolean version;
}
