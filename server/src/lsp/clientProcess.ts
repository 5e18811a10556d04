/**
 * The client's process id (initialize `processId`) as vscode-languageserver uses it: every
 * 3 s it calls `process.kill(processId, 0)` and exits the server, silently and with code 1,
 * when that throws. It also throws EPERM when the client runs as another user (a server
 * started through `sudo -u`, or as an unprivileged user by a root test client), so such a
 * server would stop 3 s after initialize although its client is alive. This cannot be
 * turned off from here; it is said in the log at once, and again on stderr as it exits.
 */

/** A warning when the client's process exists but cannot be signalled (EPERM); undefined otherwise. */
export function unwatchableClientWarning(processId: number | null | undefined): string | undefined {
  if (typeof processId !== 'number') return undefined;
  try {
    process.kill(processId, 0);
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
    return `The client process ${processId} belongs to another user (EPERM): the language server library cannot check it is alive and will stop this server within 3 s. Run the client and the server as the same user, or send "processId": null in initialize.`;
  }
}

/** Logs the warning now and writes it to stderr if the process then exits (the library exits without a word). */
export function warnIfClientUnwatchable(processId: number | null | undefined, warn: (message: string) => void): void {
  const warning = unwatchableClientWarning(processId);
  if (!warning) return;
  warn(warning);
  // stderr is a pipe or a terminal: written synchronously on exit.
  process.once('exit', (code) => process.stderr.write(`Policy Lens server exiting (code ${code}). ${warning}\n`));
}
