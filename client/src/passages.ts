/**
 * Opening corpus passages (search hits, glossary sources) in an editor. Documents opened
 * this way are remembered, so views that follow "the brief being written" (the Glossary's
 * "This document") do not switch to a source the writer only looked up.
 */
import * as vscode from 'vscode';
import type { LspRange } from '../../shared/protocol';

const opened = new Set<string>();

export function isOpenedPassage(uri: vscode.Uri | string): boolean {
  return opened.has(typeof uri === 'string' ? vscode.Uri.parse(uri).toString() : uri.toString());
}

/** Opens the file with the passage selected and in view. */
export async function openPassage(uri: string, range?: LspRange, preview = true): Promise<vscode.TextEditor> {
  const target = vscode.Uri.parse(uri);
  const already = vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === target.toString()) || vscode.window.activeTextEditor?.document.uri.toString() === target.toString();
  if (!already) opened.add(target.toString());
  const r = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
  const doc = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(doc, { selection: r, preview });
  if (r) editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Forget documents once closed (a later, deliberate opening is followed again). */
export function trackPassages(): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((d) => opened.delete(d.uri.toString()));
}
