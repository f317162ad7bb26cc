/**
 * A mistake in how a command was called: an unknown or missing option, a value out of range, a file
 * named on the command line that cannot be read. The three command lines (`batch-audience`, the
 * emulator's and the conformance suite's) throw this one class and exit 2 on it, so a caller can
 * tell "fix the command" apart from an API or data failure.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
