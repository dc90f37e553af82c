// The clickable elements of a view: element id to the source range it reveals, in whichever file it is written.
import { SourceFile, Span } from '../syntax/ast';
import { positionAt } from '../syntax/lines';
import { SystemSpec } from '../semantics/types';
import { SourceTarget } from './types';

export class Targets {
  readonly byId: Record<string, SourceTarget> = {};

  /** `fileOf` gives the parsed text of a document (open, imported or the catalog). */
  constructor(private fileOf: (uri: string) => SourceFile | undefined) {}

  add(id: string, uri: string, span: Span): void {
    const file = this.fileOf(uri);
    if (file === undefined) return;
    const start = positionAt(file, span.start);
    const end = positionAt(file, span.end);
    this.byId[id] = {
      uri,
      line: start.line,
      character: start.character,
      endLine: end.line,
      endCharacter: end.character,
    };
  }

  /** The span of a top-level field of a system declaration (`scaleout RoCE400`), if written. */
  fieldSpan(system: SystemSpec, field: string): Span | undefined {
    const decl = this.fileOf(system.site.uri)?.declarations.find(
      (d) => d.kind === 'system' && d.name?.text === system.name,
    );
    return decl?.block?.fields.find((f) => f.name === field)?.span;
  }
}
