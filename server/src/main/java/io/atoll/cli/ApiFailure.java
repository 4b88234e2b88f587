package io.atoll.cli;

/**
 * Why a REST call of the command line failed, with the exit code scripts see: the server refused the request
 * (a 4xx, exit 1), or it could not be reached or failed itself (no answer or a 5xx, exit 3).
 */
sealed abstract class ApiFailure extends Exception permits ApiFailure.Refused, ApiFailure.Unavailable {
    private ApiFailure(String message, Throwable cause) {
        super(message, cause);
    }

    abstract int exitCode();

    /** The server answered 4xx: the request is wrong for the cluster's state, and retrying it will not help. */
    static final class Refused extends ApiFailure {
        private final int status;

        Refused(int status, String message) {
            super(message, null);
            this.status = status;
        }

        int status() {
            return status;
        }

        @Override
        int exitCode() {
            return ExitCodes.REFUSED;
        }
    }

    /** Nothing answered, or the server failed (5xx): the request may succeed later or through another node. */
    static final class Unavailable extends ApiFailure {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        int exitCode() {
            return ExitCodes.UNAVAILABLE;
        }
    }
}
