// esbuild's text loader: a .topo file imported into a bundle is its text (the CLI embeds the catalog so).
declare module '*.topo' {
  const text: string;
  export default text;
}
