/** The exit codes of `batch-audience` (README, "Exit codes and errors"). */
export const EXIT_OK = 0;
/** An API failure, invalid or failed rows, a question answered "no". */
export const EXIT_FAILURE = 1;
/** A usage error (src/shared/usage-error.ts): fix the command and run it again. */
export const EXIT_USAGE = 2;
/** Ctrl-C or SIGTERM (a sync keeps its checkpoint). */
export const EXIT_INTERRUPTED = 130;
