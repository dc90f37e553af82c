// SVG text helpers shared by the diagram and the charts: XML escaping and the stylesheet of a standalone file.

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element body or a quoted attribute; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    String(text)
      // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids are what is removed
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c])
  );
}

/** A number fit for an SVG attribute: finite, rounded to 0.1. */
export const coord = (n: number): string => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '0');

/**
 * Colours of a standalone SVG (`topo draw`, docs/images). In the panel this element is not applied (the webview's
 * Content-Security-Policy admits only its own stylesheet), and media/panel.css maps the same classes to the theme.
 */
export const STANDALONE_STYLE = `<style>
.topo-diagram { color: #1f2328; font-family: sans-serif; }
.topo-box { fill: #f6f8fa; stroke: #8c959f; }
.topo-device .topo-box { fill: #ddf4ff; }
.topo-fabric .topo-box { fill: #fff8c5; stroke: #9a6700; }
.topo-scaleout .topo-box { fill: #fbefff; stroke: #8250df; }
.topo-heat { fill: #fb8500; }
.topo-used > .topo-box { stroke: #0969da; stroke-width: 2.5; stroke-dasharray: 6 3; }
.topo-bottleneck > .topo-box { stroke: #cf222e; stroke-width: 3; }
.topo-bottleneck-label { fill: #cf222e; font-weight: bold; }
.topo-edge { stroke: #8c959f; fill: none; }
.topo-text { fill: currentColor; }
.topo-muted { fill: #57606a; }
</style>`;
