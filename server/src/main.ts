/**
 * Entry point: `node dist/server.js --stdio` (or --node-ipc when VS Code starts it).
 * The transport is chosen from the command line by vscode-languageserver.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);
// A bug must never take the server down with the writer's session: log it and go on.
process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
