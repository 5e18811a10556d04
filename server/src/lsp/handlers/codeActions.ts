/**
 * textDocument/codeAction from features/codeActions.ts: quick fixes for the editorial
 * diagnostics (recomputed here, so they do not depend on the client sending `data` back),
 * refactors at the cursor, and source actions that run the brief commands at the cursor.
 */
import { CodeAction, CodeActionKind, Command, Diagnostic, TextEdit } from 'vscode-languageserver';
import { codeActions, CodeActionData } from '../../features/codeActions';
import type { EditorialDiagnostic } from '../../features/diagnostics';
import type { Positions } from '../convert';
import type { LspFeature, OpenBrief } from '../env';
import { rememberCursor } from './commands';
import { briefDiagnostics, DIAGNOSTIC_SOURCE, toLspDiagnostic } from './diagnostics';

export const codeActionsFeature: LspFeature = {
  capabilities: {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Source] },
  },
  register(env) {
    env.connection.onCodeAction((params): CodeAction[] => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return [];
      rememberCursor(params.textDocument.uri, params.range.start);
      const start = env.positions.offsetAt(d.text, params.range.start);
      const end = env.positions.offsetAt(d.text, params.range.end);
      const asked = params.context.diagnostics.filter((x) => x.source === DIAGNOSTIC_SOURCE);
      const all = briefDiagnostics(env, d, false).filter((x) => x.range.start <= end && start <= x.range.end);
      // fixes for the diagnostics the client shows here (all of ours here when it sends none)
      const relevant = asked.length ? all.filter((x) => asked.some((a) => a.code === x.code && env.positions.offsetAt(d.text, a.range.start) === x.range.start)) : all;
      const only = params.context.only;
      const actions = codeActions(env.context(), d.open, { start, end }, relevant).filter(
        (a) => !only || only.some((k) => a.kind === k || a.kind.startsWith(`${k}.`)),
      );
      return actions.map((a) => toLspAction(env.positions, d, a, asked));
    });
  },
};

function toLspAction(positions: Positions, d: OpenBrief, a: CodeActionData, asked: Diagnostic[]): CodeAction {
  const action: CodeAction = { title: a.title, kind: a.kind };
  if (a.edits) action.edit = { changes: { [d.text.uri]: a.edits.map((e) => TextEdit.replace(positions.range(d.text, e.range), e.newText)) } };
  if (a.command) {
    const args = a.command.arguments.map((arg) =>
      typeof arg.at === 'number' ? { uri: arg.uri, position: positions.positionAt(d.text, arg.at as number) } : arg,
    );
    action.command = Command.create(a.command.title, a.command.command, ...args);
  }
  if (a.fixes) action.diagnostics = [matching(positions, d, a.fixes, asked)];
  if (a.isPreferred) action.isPreferred = true;
  return action;
}

function matching(positions: Positions, d: OpenBrief, e: EditorialDiagnostic, asked: Diagnostic[]): Diagnostic {
  return asked.find((x) => x.code === e.code && positions.offsetAt(d.text, x.range.start) === e.range.start) ?? toLspDiagnostic(positions, d, e);
}
