// What every feature handler gets: the workspace, the open documents, and a safe way to analyse one.
import { Connection, TextDocuments } from './protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalysis, Workspace } from '../semantics/program';

export interface Settings {
  lenses: boolean;
  inlayHints: boolean;
  /** Share of the step above which a link level is reported as a bottleneck. */
  bottleneckThreshold: number;
  bottleneckDiagnostics: boolean;
}

export const defaultSettings: Settings = {
  lenses: true,
  inlayHints: true,
  bottleneckThreshold: 0.3,
  bottleneckDiagnostics: true,
};

/** What the client said it supports at initialisation (all false until then, and for clients that say nothing). */
export interface ClientSupport {
  /** The client renders a command's markdown result itself (the VS Code extension); others are shown it by the server. */
  showsCommandResults: boolean;
  /** The client pulls diagnostics (`textDocument/diagnostic`); they are then not pushed. */
  pullDiagnostics: boolean;
  /** The client re-pulls every document's diagnostics when asked (`workspace/diagnostic/refresh`). */
  diagnosticRefresh: boolean;
  /** The client shows a diagnostic's `codeDescription` (a link from its code to the code's explanation). */
  codeDescriptions: boolean;
  /** The client shows server-initiated progress (`window/workDoneProgress/create`). */
  workDoneProgress: boolean;
  /** The client asks for code lenses itself, so resolves the untitled ones (others are sent them titled). */
  codeLens: boolean;
}

export const noClientSupport: ClientSupport = {
  showsCommandResults: false,
  pullDiagnostics: false,
  diagnosticRefresh: false,
  codeDescriptions: false,
  workDoneProgress: false,
  codeLens: false,
};

export interface Services {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  /** The settings for a document (its folder's, read with `workspace/configuration` scoped to it), or the global ones. */
  settings: (uri?: string) => Settings;
  /** Resolves when a document's own settings have been read (at once when the client has no configuration support). */
  settingsLoaded(uri: string): Promise<void>;
  client: ClientSupport;
  /** Workspace folder paths the client named (at initialisation, then added and removed; may be empty). */
  folders: string[];
  /** The analysis of an open document, current with its version; undefined if not open. */
  analysis(uri: string): FileAnalysis | undefined;
  /** A file changed on disk: what was read of it is forgotten. */
  fileChanged(uri: string): void;
  /** Reads files from disk (without blocking) and resolves when every read under way has ended. */
  loadFiles(uris: string[]): Promise<void>;
  /** Runs a handler, turning any exception into a logged error and a fallback answer. */
  guard<T>(name: string, fallback: T, run: () => T): T;
}
