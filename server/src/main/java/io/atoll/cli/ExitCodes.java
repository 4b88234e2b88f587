package io.atoll.cli;

/** The exit codes of {@code atoll replicas}, which scripts rely on; {@code --help} and the README list them. */
final class ExitCodes {
    /** Done; with --wait or --watch, every operation followed ended READY. */
    static final int OK = 0;
    /** An operation followed ended CANCELLED (or vanished), or the server refused the request (4xx). */
    static final int REFUSED = 1;
    /** Bad usage: picocli's own code for a parameter error. */
    static final int USAGE = 2;
    /** The server could not be reached, did not answer in time, or answered 5xx. */
    static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
