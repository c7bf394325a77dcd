package io.kindred.ri.cli;

/** Wrong command-line arguments: reported with the usage on stderr, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
