// The Topo panel's webview script: shows the view the extension posts (SVG drawn by the server, tables of formatted
// cells), sends clicks and selections back. It does no analysis, and puts file text only through textContent.
(function () {
  const vscode = acquireVsCodeApi();
  const byId = (id) => document.getElementById(id);
  let showTables = false;

  /** Parses server-drawn SVG and puts it in `container`; anything that is not an SVG document is dropped. */
  function putSvg(container, text) {
    container.replaceChildren();
    if (typeof text !== 'string' || !text) return;
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) return;
    for (const s of Array.from(svg.querySelectorAll('script, foreignObject, style'))) s.remove();
    container.appendChild(document.importNode(svg, true));
  }

  /** A table of formatted cells; its container is a focusable region, so a keyboard can reach and scroll it. */
  function putTable(container, table) {
    container.replaceChildren();
    container.removeAttribute('tabindex');
    if (!table) return;
    container.tabIndex = 0;
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', table.caption);
    const el = document.createElement('table');
    const caption = document.createElement('caption');
    caption.textContent = table.caption;
    el.appendChild(caption);
    const head = el.createTHead().insertRow();
    for (const h of table.head) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.appendChild(th);
    }
    const body = el.createTBody();
    for (const row of table.rows) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = cell;
    }
    container.appendChild(el);
  }

  function putOptions(select, names, selected, none) {
    select.replaceChildren();
    const empty = document.createElement('option');
    empty.value = '';
    empty.textContent = none;
    select.appendChild(empty);
    for (const name of names) {
      const o = document.createElement('option');
      o.value = name;
      o.textContent = name;
      o.selected = name === selected;
      select.appendChild(o);
    }
    select.disabled = names.length === 0;
  }

  function applyTables() {
    const button = byId('tables');
    button.setAttribute('aria-pressed', String(showTables));
    button.textContent = showTables ? 'Show as pictures' : 'Show as tables';
    for (const el of document.querySelectorAll('.picture')) el.hidden = showTables || !el.firstChild;
    for (const el of document.querySelectorAll('.table')) el.hidden = !showTables || !el.firstChild;
  }

  function showMissing(lines) {
    const missing = byId('missing');
    missing.replaceChildren();
    if (!lines || !lines.length) {
      missing.hidden = true;
      return;
    }
    const title = document.createElement('p');
    title.textContent = 'Not drawn:';
    const list = document.createElement('ul');
    for (const line of lines) {
      const li = document.createElement('li');
      li.textContent = line;
      list.appendChild(li);
    }
    missing.append(title, list);
    missing.hidden = false;
  }

  function showComparison(comparison) {
    byId('comparison').hidden = !comparison;
    const heading = byId('comparison-heading');
    heading.textContent = comparison ? `Comparison ${comparison.name}` : 'Comparison';
    // The heading reveals the declaration (Enter or a click), as the diagram's elements do.
    if (comparison) {
      heading.setAttribute('data-target', `compare:${comparison.name}`);
      heading.tabIndex = 0;
      heading.classList.add('topo-target');
    } else {
      heading.removeAttribute('data-target');
      heading.removeAttribute('tabindex');
    }
    byId('comparison-why').textContent = (comparison && comparison.why) || '';
    const notes = byId('comparison-notes');
    notes.replaceChildren();
    for (const note of (comparison && comparison.notes) || []) {
      const li = document.createElement('li');
      li.textContent = note;
      notes.appendChild(li);
    }
  }

  function show(message) {
    const view = message.view;
    const pictures = message.pictures || {};
    document.body.dataset.state = 'view';
    byId('title').textContent = view.fileName;
    putOptions(
      byId('workload'),
      view.workloads.map((w) => w.name),
      view.selection.workload,
      '(none)',
    );
    putOptions(byId('system'), view.systems, view.selection.system, '(none)');
    putOptions(byId('compare'), view.comparisons || [], view.selection.compare, '(none)');
    showMissing(view.missing);
    putSvg(byId('diagram'), pictures.diagram);
    putSvg(byId('step-chart'), pictures.stepChart);
    putSvg(byId('memory-chart'), pictures.memoryChart);
    // A comparison's curves (one per system) are its chart; a workload's curve has a section of its own.
    const comparison = view.comparison;
    putSvg(byId('curve-chart'), comparison ? undefined : pictures.curveChart);
    putSvg(byId('comparison-chart'), comparison ? pictures.curveChart : undefined);
    putTable(byId('comparison-table'), view.tables.comparison);
    showComparison(comparison);
    putTable(byId('layout-table'), view.tables.layout);
    putTable(byId('step-table'), view.tables.step);
    putTable(byId('memory-table'), view.tables.memory);
    putTable(byId('curve-table'), view.tables.curves);
    const estimate = view.estimate;
    byId('estimate-title').textContent = !estimate
      ? 'No workload selected.'
      : estimate.valid
        ? `${estimate.workload}: ${estimate.title}`
        : `${estimate.workload}: no estimate: ${estimate.reasons.join('; ')}`;
    byId('curves').hidden = !pictures.curveChart || !!comparison;
    byId('layout').hidden = !!comparison;
    byId('estimate').hidden = !!comparison;
    applyTables();
    vscode.setState(Object.assign({}, message.state, { tables: showTables }));
  }

  function showEmpty(reason) {
    document.body.dataset.state = 'empty';
    byId('title').textContent = 'Topo';
    showMissing([reason]);
    const parts = [
      'diagram',
      'step-chart',
      'memory-chart',
      'curve-chart',
      'comparison-chart',
      'layout-table',
      'step-table',
      'memory-table',
      'curve-table',
      'comparison-table',
    ];
    for (const id of parts) byId(id).replaceChildren();
    byId('estimate-title').textContent = '';
    byId('curves').hidden = true;
    showComparison(undefined);
    byId('layout').hidden = false;
    byId('estimate').hidden = false;
    applyTables();
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'view' && m.view) show(m);
    else if (m.type === 'empty') showEmpty(String(m.reason || ''));
  });

  const targetOf = (node) => (node instanceof Element ? node.closest('[data-target]') : null);
  document.addEventListener('click', (event) => {
    const t = targetOf(event.target);
    if (t) vscode.postMessage({ type: 'reveal', id: t.getAttribute('data-target') });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const t = targetOf(event.target);
    if (!t) return;
    event.preventDefault();
    vscode.postMessage({ type: 'reveal', id: t.getAttribute('data-target') });
  });
  byId('workload').addEventListener('change', (e) => {
    if (e.target.value) vscode.postMessage({ type: 'select', workload: e.target.value });
  });
  byId('system').addEventListener('change', (e) => {
    if (e.target.value) vscode.postMessage({ type: 'select', system: e.target.value });
  });
  byId('compare').addEventListener('change', (e) => {
    if (e.target.value) vscode.postMessage({ type: 'select', compare: e.target.value });
  });
  byId('tables').addEventListener('click', () => {
    showTables = !showTables;
    applyTables();
    vscode.setState(Object.assign({}, vscode.getState() || {}, { tables: showTables }));
  });

  const saved = vscode.getState();
  if (saved && saved.tables) showTables = true;
  applyTables();
  vscode.postMessage({ type: 'ready' });
})();
