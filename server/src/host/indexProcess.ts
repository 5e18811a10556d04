/**
 * An index worker in a child process of its own (child_process.fork), and the worker's side
 * of the link.
 *
 * Why a process and not a worker thread: a cold build's workers read, decode and analyse
 * every file and build the search shards, and touch several hundred megabytes doing it. In a
 * thread, that memory belongs to the server's process: glibc keeps much of what the threads
 * freed in their arenas, so the server stayed at the build's peak long after (489 MB at ready,
 * 535 MB settled on the 123 MB corpus, with a heap of 60 MB). A process gives all of it back to
 * the system when it exits, in every editor and without allocator settings.
 *
 * Messages are structured clones (`serialization: 'advanced'`: typed arrays, Maps); nothing
 * is transferred, so the large things (shards, the merged index) go through files instead.
 * The child's standard output is not the server's: the server speaks LSP on its own stdout,
 * so a child's stray output goes to the server's stderr.
 */
import { ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

/**
 * V8 flags of an index process. A small young generation (2 MB semi-spaces instead of 16):
 * an index worker allocates mostly short-lived objects (tokens, analyses posted at once), and
 * the large young generation was memory touched for nothing: on the 123 MB corpus the peak of
 * the server and its workers together was 727 and 745 MB without it, 706 and 682 MB with it,
 * at the same speed (QUALITY.md, "Index workers as processes"). An old generation allowed to
 * grow to 1.5× what was live after the last full collection (V8 otherwise picks a factor up
 * to 4 from its GC speed): each index worker's peak 184–192 → 139–150 MB, the same CPU time
 * (QUALITY.md, "A streaming merge").
 */
const INDEX_PROCESS_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=50'];

/** The parent's handle on one index process: the events a worker thread has ('message', 'error', 'exit'). */
export class IndexProcess extends EventEmitter {
  private readonly child: ChildProcess;
  private exited = false;
  private readonly exitedPromise: Promise<void>;

  /** Starts `script` (with `execArgv`, e.g. tsx for the .ts sources) and sends it `init` first. Throws when the process cannot be spawned. */
  constructor(script: string, execArgv: string[], init: unknown) {
    super();
    this.child = fork(script, [], { execArgv: [...execArgv, ...INDEX_PROCESS_FLAGS], serialization: 'advanced', stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    this.child.stdout?.pipe(process.stderr);
    this.exitedPromise = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('error', (e) => this.emit('error', e));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.emit('exit', code ?? signal);
    });
    this.post({ type: 'init', init });
  }

  /** Sends a message; a process that is gone reports it once, as an 'error' (never a throw here). */
  post(message: unknown): void {
    if (this.exited || !this.child.connected) return;
    try {
      this.child.send(message as object, (err) => {
        if (err && !this.exited) this.emit('error', err);
      });
    } catch (e) {
      this.emit('error', e);
    }
  }

  /** The server may exit while an index process runs (it is killed with the server's IPC link). */
  unref(): void {
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    (this.child.stdout as { unref?: () => void } | null)?.unref?.();
  }

  /** Ends the process at once (it holds nothing worth saving: a build it served is over or replaced). */
  async terminate(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exitedPromise;
  }
}

/** The worker's side: how it hears from and answers the server (in a child process, over IPC). */
export interface ParentLink {
  onMessage(listener: (message: unknown) => void): void;
  post(message: unknown): void;
}

/**
 * The link of a worker started by IndexProcess, or undefined when this is not one. The
 * process ends when the server does (its IPC link closes), so no orphan keeps working.
 */
export function processParentLink(): ParentLink | undefined {
  if (typeof process.send !== 'function') return undefined;
  process.on('disconnect', () => process.exit(0));
  return {
    onMessage: (listener) => process.on('message', listener),
    post: (message) => {
      process.send!(message as object);
    },
  };
}
