// workspace/executeCommand: the lens commands run in the server, so that a lens works in every LSP client.
import { ExecuteCommandParams, MessageType } from './protocol';
import { fabricChain } from '../analysis/layout';
import { escapeMarkdown, markdownToText } from '../analysis/markdown';
import { fabricLoadMarkdown, systemLensTitle } from '../analysis/report';
import { FileAnalysis } from '../semantics/program';
import { SystemSpec } from '../semantics/types';
import { breakdownOf, estimatesOf, SHOW_BREAKDOWN_COMMAND, SHOW_SYSTEM_COMMAND } from './estimates';
import type { FeatureRegistration } from './registry';
import { Services } from './services';

/** The commands the server runs; every lens carries one of them, with the arguments `[uri, name]`. */
export const serverCommands = [SHOW_BREAKDOWN_COMMAND, SHOW_SYSTEM_COMMAND];

/** A system's totals and, per fabric level, the traffic this file's workloads put on it. */
export function systemMarkdown(analysis: FileAnalysis, name: string): string | undefined {
  const system = analysis.specs.system.get(name);
  const title = system && systemLensTitle(system);
  if (!system || !title) return undefined;
  const onSystem = (s: SystemSpec) => s.name === system.name && s.site.uri === system.site.uri;
  const estimates = [...estimatesOf(analysis).values()].filter((r) => onSystem(r.spec.system)).map((r) => r.estimate);
  const levels = fabricChain(system).map((level) => fabricLoadMarkdown(level, estimates));
  return [`**system ${escapeMarkdown(name)}**: ${escapeMarkdown(title)}`, ...levels].join('\n\n');
}

/** What a command shows: its Markdown, or why there is none. */
export function commandMarkdown(services: Services, params: ExecuteCommandParams): string | undefined {
  const [uri, name] = params.arguments ?? [];
  if (typeof uri !== 'string' || typeof name !== 'string') return undefined;
  const analysis = services.analysis(uri) ?? services.workspace.analyse(uri);
  if (params.command === SHOW_BREAKDOWN_COMMAND) {
    return (analysis && breakdownOf(analysis, name)) ?? `No estimate for ${escapeMarkdown(name)}: the file has errors.`;
  }
  if (params.command === SHOW_SYSTEM_COMMAND) {
    const totals = analysis && systemMarkdown(analysis, name);
    return totals ?? `No totals for ${escapeMarkdown(name)}: the file has errors.`;
  }
  return undefined;
}

export const commandsFeature: FeatureRegistration = {
  capabilities: { executeCommandProvider: { commands: serverCommands } },
  register(services) {
    services.connection.onExecuteCommand((params) =>
      services.guard('executeCommand', null, () => {
        const markdown = commandMarkdown(services, params);
        if (markdown === undefined) return null;
        // A client that renders the result itself (the VS Code extension's preview) is not shown it twice.
        if (!services.client.showsCommandResults) {
          const message = markdownToText(markdown);
          void services.connection.sendNotification('window/showMessage', { type: MessageType.Info, message });
        }
        return markdown;
      }),
    );
  },
};
