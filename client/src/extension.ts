/**
 * VS Code side: starts the language server (dist/server.js), passes it the settings and
 * shows its status. No text logic lives here; everything a writer sees comes from the
 * server through LSP or the custom requests of shared/protocol.ts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, StatusChangedNotification, StatusRequest, StatusResult } from '../../shared/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PolicyLensApi> {
  const output = vscode.window.createOutputChannel('Policy Lens', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions: {
      corpusPaths: config.get<string[]>('corpusPaths', []),
      includeBundledCorpus: config.get<boolean>('includeBundledCorpus', true),
      cacheDir: config.get<string>('cacheDir') || context.globalStorageUri.fsPath,
      glossaryPaths: config.get<string[]>('glossaryPaths', []),
      trusted: vscode.workspace.isTrusted,
    },
  };

  client = new LanguageClient('policyLens', 'Policy Lens', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('policyLens.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Policy Lens';
  status.command = 'policyLens.showOutput';
  status.text = '$(sync~spin) Policy Lens';
  status.tooltip = 'Policy Lens: starting';
  status.show();
  let lastStatus: StatusResult | undefined;
  const showStatus = (s: StatusResult) => {
    lastStatus = s;
    if (s.state === 'indexing') {
      status.text = '$(sync~spin) Policy Lens: indexing';
      status.tooltip = 'Policy Lens is indexing the corpus';
    } else {
      status.text = `$(book) ${s.documents} docs · ${s.acronyms} acronyms · ${s.references} refs`;
      status.tooltip = `Policy Lens corpus: ${s.documents} documents (${(s.bytes / 1048576).toFixed(1)} MB), ${s.acronyms} acronyms, ${s.references} document references; indexed in ${s.indexMs} ms${s.fromCache ? ' (from cache)' : ''}. Click for the log.`;
    }
  };

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('policyLens.showOutput', () => output.show()),
    { dispose: () => void client?.stop() },
  );

  await client.start();
  context.subscriptions.push(client.onNotification(StatusChangedNotification, showStatus));
  showStatus(await client.sendRequest<StatusResult>(StatusRequest));

  return {
    status: async () => (client ? client.sendRequest<StatusResult>(StatusRequest) : (lastStatus as StatusResult)),
  };
}

/** What the extension exports, for extension tests and other extensions. */
export interface PolicyLensApi {
  status(): Promise<StatusResult>;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
