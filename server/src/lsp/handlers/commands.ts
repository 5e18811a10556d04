/**
 * workspace/executeCommand for the server's commands (shared/protocol.ts ServerCommands), so
 * any LSP client can run them (VS Code registers them from executeCommandProvider):
 *  - insertAbbreviations / insertCitedDocuments (InsertAtArgs): the text of
 *    features/briefCommands.ts inserted at the position with workspace/applyEdit. Without
 *    arguments (a palette entry), the document and cursor of the last code-action request
 *    are used: clients ask for code actions where the cursor is.
 *  - addToGlossary (AddToGlossaryArgs): the acronym is added to the first `glossaryPaths` file
 *    (created when missing; when none is configured, the writer is asked whether to create
 *    policy-lens-glossary.json in the workspace), then shown with the expansion selected
 *    (window/showDocument) so the writer types it. It is in effect at once for this session.
 * Each returns { applied, count? , file? } so clients and tests can tell what happened.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver';
import { TextEdit } from 'vscode-languageserver';
import { AddToGlossaryArgs, InsertAtArgs, ServerCommands } from '../../../../shared/protocol';
import { acronymKey } from '../../core/acronyms';
import { Glossary, GlossaryEntry, parseGlossary } from '../../core/glossary';
import { abbreviationsTable, citedDocumentsList } from '../../features/briefCommands';
import { isMarkdown } from '../../features/outline';
import type { LspFeature, ServerEnv } from '../env';
import { resolveAgainst } from '../settings';
import { republishDiagnostics } from './diagnostics';

export const GLOSSARY_PLACEHOLDER = '(điền nghĩa đầy đủ)';
export const DEFAULT_GLOSSARY_FILE = 'policy-lens-glossary.json';

let lastCursor: InsertAtArgs | undefined;

/** Where the writer's cursor was last seen (code-action requests follow the cursor). */
export function rememberCursor(uri: string, position: Position): void {
  lastCursor = { uri, position: { line: position.line, character: position.character } };
}

export interface CommandResult {
  applied: boolean;
  count?: number;
  file?: string;
  message?: string;
}

export const commandsFeature: LspFeature = {
  capabilities: {
    executeCommandProvider: { commands: [ServerCommands.insertAbbreviations, ServerCommands.insertCitedDocuments, ServerCommands.addToGlossary] },
  },
  register(env) {
    env.connection.onExecuteCommand(async (params): Promise<CommandResult> => {
      const arg = (params.arguments ?? [])[0] as Record<string, unknown> | undefined;
      try {
        switch (params.command) {
          case ServerCommands.insertAbbreviations:
          case ServerCommands.insertCitedDocuments:
            return await insertAt(env, params.command, insertArgs(arg));
          case ServerCommands.addToGlossary:
            return await addToGlossary(env, arg as unknown as AddToGlossaryArgs);
          default:
            return { applied: false, message: `unknown command ${params.command}` };
        }
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        env.connection.console.error(`Policy Lens: ${params.command} failed: ${(e as Error)?.stack ?? e}`);
        void env.connection.window.showErrorMessage(`Policy Lens: ${message}`);
        return { applied: false, message };
      }
    });
  },
};

function insertArgs(arg: Record<string, unknown> | undefined): InsertAtArgs | undefined {
  const p = arg?.position as { line?: unknown; character?: unknown } | undefined;
  if (typeof arg?.uri === 'string' && p && typeof p.line === 'number' && typeof p.character === 'number') {
    return { uri: arg.uri, position: { line: p.line, character: p.character } };
  }
  return lastCursor;
}

async function insertAt(env: ServerEnv, command: string, at: InsertAtArgs | undefined): Promise<CommandResult> {
  if (!at) throw new Error('no document: give { uri, position }, or place the cursor in a brief first');
  const d = env.brief(at.uri);
  if (!d) throw new Error(`${at.uri} is not open`);
  const offset = env.positions.offsetAt(d.text, at.position);
  const options = { markdown: isMarkdown(d.text.uri, d.text.languageId), offset };
  const abbreviations = command === ServerCommands.insertAbbreviations;
  const result = abbreviations ? abbreviationsTable(env.context(), d.open, options) : citedDocumentsList(env.context(), d.open, options);
  if (result.count === 0) {
    const message = abbreviations ? 'This document uses no acronyms.' : 'This document cites no documents.';
    void env.connection.window.showInformationMessage(`Policy Lens: ${message}`);
    return { applied: false, count: 0, message };
  }
  if (!env.clientCapabilities().workspace?.applyEdit) {
    const message = 'This editor does not accept edits from the server (workspace/applyEdit), so nothing was inserted.';
    return { applied: false, count: result.count, message };
  }
  const edit = await env.connection.workspace.applyEdit({
    label: abbreviations ? 'Insert abbreviations table' : 'Insert list of cited documents',
    edit: { changes: { [at.uri]: [TextEdit.insert(env.positions.positionAt(d.text, offset), result.text)] } },
  });
  return edit.failureReason ? { applied: edit.applied, count: result.count, message: edit.failureReason } : { applied: edit.applied, count: result.count };
}

// ---------------------------------------------------------------------------------------
// Glossary

async function addToGlossary(env: ServerEnv, args: AddToGlossaryArgs | undefined): Promise<CommandResult> {
  const acronym = typeof args?.acronym === 'string' ? args.acronym.normalize('NFC').trim() : '';
  if (!acronym) throw new Error('addToGlossary needs { acronym }');
  const vi = typeof args?.vi === 'string' && args.vi.trim() ? args.vi.normalize('NFC').trim() : GLOSSARY_PLACEHOLDER;
  const file = await glossaryFile(env, args?.uri);
  if (!file) return { applied: false, message: 'cancelled' };

  let data: { entries: Array<Record<string, unknown>>; [k: string]: unknown } = { version: 1, entries: [] };
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined && text.trim()) {
    const parsed = parseGlossary(text, file);
    if (parsed.entries.length === 0 && parsed.problems.length > 0 && /not valid JSON|expected/.test(parsed.problems[0])) {
      throw new Error(`${file} is not a glossary file (${parsed.problems[0]}); fix it or choose another in policyLens.glossaryPaths`);
    }
    const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    data = Array.isArray(raw) ? { entries: raw as Array<Record<string, unknown>> } : (raw as typeof data);
  }
  const existing = data.entries.findIndex((e) => typeof e?.acronym === 'string' && acronymKey(e.acronym) === acronymKey(acronym));
  if (existing < 0) data.entries.push({ acronym, vi });
  const out = serialize(data);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, out);

  // in effect now for this session (the file is read again at the next index)
  if (existing < 0) {
    const entry: GlossaryEntry = { acronym, vi, origin: file };
    env.service.glossary = new Glossary([...env.service.glossary.entries, entry]);
    republishDiagnostics(env.connection);
  }
  // show the entry with its expansion selected, to be typed over
  const index = existing < 0 ? data.entries.length - 1 : existing;
  const uri = pathToFileURL(file).href;
  const selection = env.positions.textRange(uri, entrySelection(out, index));
  // Only clients that say they can show a document are asked to (others log an unknown request).
  if (env.clientCapabilities().window?.showDocument?.support) void env.connection.window.showDocument({ uri, takeFocus: true, selection }).catch(() => undefined);
  return { applied: true, file, count: existing < 0 ? 1 : 0 };
}

/** The first configured glossary file; when none, ask whether to create one in the workspace. */
async function glossaryFile(env: ServerEnv, briefUri: string | undefined): Promise<string | undefined> {
  const root = await workspaceRoot(env, briefUri);
  const configured = env.settings().glossaryPaths;
  if (configured.length > 0) return resolveAgainst(configured[0], root);
  const target = path.join(root ?? process.cwd(), DEFAULT_GLOSSARY_FILE);
  const create = `Create ${DEFAULT_GLOSSARY_FILE}`;
  const answer = await env.connection.window.showInformationMessage(
    `No user glossary is configured (policyLens.glossaryPaths). Create ${target}? Add it to policyLens.glossaryPaths to keep it.`,
    { title: create },
    { title: 'Cancel' },
  );
  return answer?.title === create ? target : undefined;
}

async function workspaceRoot(env: ServerEnv, briefUri: string | undefined): Promise<string | undefined> {
  try {
    const folders = await env.connection.workspace.getWorkspaceFolders();
    const f = folders?.find((x) => x.uri.startsWith('file:'));
    if (f) return fileURLToPath(f.uri);
  } catch {
    // the client has no workspace folders
  }
  if (briefUri?.startsWith('file:')) return path.dirname(fileURLToPath(briefUri));
  return undefined;
}

/** The bundled glossary's layout: one entry per line, other top-level keys kept. */
function serialize(data: { entries: Array<Record<string, unknown>>; [k: string]: unknown }): string {
  const head = Object.entries(data)
    .filter(([k]) => k !== 'entries')
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const entries = data.entries.map((e, i) => `    ${JSON.stringify(e)}${i + 1 < data.entries.length ? ',' : ''}`);
  return ['{', ...head, '  "entries": [', ...entries, '  ]', '}', ''].join('\n');
}

function entrySelection(text: string, index: number) {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() === '"entries": [');
  const line = first + 1 + index;
  const l = lines[line] ?? '';
  const m = /"vi":"((?:[^"\\]|\\.)*)"/.exec(l);
  const start = m ? m.index + 6 : 0;
  const end = m ? start + m[1].length : l.length;
  return { start: { line, character: start }, end: { line, character: end } };
}
