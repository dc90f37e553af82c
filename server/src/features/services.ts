// What every feature handler gets: the workspace, the open documents, and a safe way to analyse one.
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileAnalysis, Workspace } from '../semantics/program';

export interface Settings {
  lenses: boolean;
  inlayHints: boolean;
  /** Share of the step above which a link level is reported as a bottleneck. */
  bottleneckThreshold: number;
  bottleneckDiagnostics: boolean;
}

export const defaultSettings: Settings = { lenses: true, inlayHints: true, bottleneckThreshold: 0.3, bottleneckDiagnostics: true };

export interface Services {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  settings: () => Settings;
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
