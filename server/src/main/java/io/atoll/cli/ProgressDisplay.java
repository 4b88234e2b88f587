package io.atoll.cli;

import java.io.Console;

/**
 * Where a followed operation's state changes and transfer progress go: live progress bars on a terminal, plain
 * lines (which logs and scripts can read) anywhere else. Called from one thread.
 */
sealed interface ProgressDisplay extends AutoCloseable permits TerminalDisplay, PlainDisplay {

    /** Bars when standard output is a terminal (System.console() says so only if it is), lines otherwise. */
    static ProgressDisplay forStandardOutput() {
        Console console = System.console();
        return console != null && console.isTerminal() ? new TerminalDisplay(System.out) : new PlainDisplay(System.out);
    }

    /** A line that stays: a state change, an error met. */
    void line(String text);

    /** The latest progress of operation {@code id}'s running transfer; {@code label} names it for people. */
    void progress(String id, String label, Operation.Transfer transfer, long runningMillis);

    /** Operation {@code id}'s transfer stopped: it {@code completed}, or failed or was cancelled. */
    void transferEnded(String id, boolean completed);

    /** Ends every bar still shown. */
    @Override
    void close();
}
