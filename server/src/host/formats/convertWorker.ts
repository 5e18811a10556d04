/**
 * The converter thread (dist/formats/convertWorker.js) of timeLimit.ts: converts one file
 * at a time and posts the blocks back, or the error as plain data. It holds nothing else,
 * so ending it when a file outlasts its limit loses nothing but the loaded converters.
 */
import { parentPort } from 'node:worker_threads';
import { extract, FormatName } from './index';
import type { ConvertReply } from './timeLimit';

parentPort?.on('message', (msg: { id: number; format: FormatName; bytes: Uint8Array }) => {
  extract(msg.format, msg.bytes).then(
    (extracted) => parentPort!.postMessage({ id: msg.id, ok: true, extracted } satisfies ConvertReply),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const reason = (err as { reason?: unknown }).reason;
      parentPort!.postMessage({ id: msg.id, ok: false, name: err.name, message: err.message, ...(typeof reason === 'string' ? { reason } : {}) } satisfies ConvertReply);
    },
  );
});
