package io.stowage.cli;

import io.stowage.repo.Repository;
import picocli.CommandLine.Option;

/** {@code --repo LOCATION}, or the STOWAGE_REPO environment variable. */
final class RepoOptions {
    /** The environment variable that names the repository when --repo is not given. */
    static final String ENV = "STOWAGE_REPO";

    @Option(names = "--repo", paramLabel = "LOCATION", defaultValue = "${env:STOWAGE_REPO}",
            description = "The backup repository: a directory, file:///dir or s3://bucket/prefix (default: $STOWAGE_REPO).")
    String repo;

    /** Opens the repository; a USAGE error naming --repo and STOWAGE_REPO when neither is given. */
    Repository open() {
        return Repository.open(repo);
    }
}
