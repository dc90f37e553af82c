-- Headless Neovim as an LSP client of the topo server. Opens each file in TOPO_NVIM_FILES
-- (comma separated), collects what the server sends (diagnostics, code lenses, hover on the
-- first workload name, document symbols), runs the first workload's lens the way a user does
-- (vim.lsp.codelens.run), applies the quick fix for TOPO302 (vim.lsp.buf.code_action), and
-- writes it all as JSON to TOPO_NVIM_RESULTS.
-- Works on Neovim 0.7 (Debian 12: vim.lsp.start_client) and 0.8+ (vim.lsp.start).
--
--   TOPO_SERVER=dist/server.js TOPO_NVIM_FILES=/abs/a.topo TOPO_NVIM_RESULTS=/tmp/r.json \
--     nvim --headless -u test/nvim/init.lua -i NONE -n

local server = vim.env.TOPO_SERVER or 'dist/server.js'
local files = vim.split(vim.env.TOPO_NVIM_FILES or '', ',', { trimempty = true })
local results_path = vim.env.TOPO_NVIM_RESULTS or 'nvim-results.json'
local timeout = tonumber(vim.env.TOPO_NVIM_TIMEOUT_MS or '30000')

local v = vim.version()
local results = { nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch), files = {} }

vim.cmd('autocmd BufRead,BufNewFile *.topo setfiletype topo')

-- What the server shows (a lens command's result, for a client that renders no Markdown) is recorded.
local shown = {}
vim.lsp.handlers['window/showMessage'] = function(_, result)
  table.insert(shown, result.message)
end

local function write_results()
  local f = assert(io.open(results_path, 'w'))
  f:write(vim.fn.json_encode(results))
  f:close()
end

local function hover_text(contents)
  if contents == nil then return '' end
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end -- MarkupContent or MarkedString {language, value}
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, hover_text(c)) end
  return table.concat(parts, '\n')
end

local function request(client, bufnr, method, params)
  local resp, err = client.request_sync(method, params, 10000, bufnr)
  if not resp then return nil, tostring(err) end
  if resp.err then return nil, vim.inspect(resp.err) end
  return resp.result
end

local function start_client(root)
  local config = {
    name = 'topo',
    cmd = { 'node', server, '--stdio' },
    -- Node parses NODE_EXTRA_CA_CERTS at every start; the server needs no certificates (docs/editors.md).
    cmd_env = { NODE_EXTRA_CA_CERTS = '' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'samples' } },
  }
  if vim.lsp.start then
    return vim.lsp.start(config) -- 0.8+: starts (or reuses) and attaches to the current buffer
  end
  local id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(0, id)
  return id
end

local function collect(path, client_id, first)
  local entry = { file = path, diagnostics = {}, lenses = {}, workloads = {}, symbols = {} }
  table.insert(results.files, entry)
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.lsp.get_client_by_id(client_id) and not vim.lsp.buf_is_attached(bufnr, client_id) then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  local client
  vim.wait(first and timeout or 5000, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.server_capabilities ~= nil and client.initialized ~= false
  end, 100)
  if not client then
    entry.error = 'the server did not start'
    return
  end
  local uri = vim.uri_from_bufnr(bufnr)

  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local name = line:match('^workload%s+([%w_][%w_.%-]*)')
    if name then
      local col = line:find(name, #'workload', true)
      table.insert(entry.workloads, { name = name, line = i - 1, character = col - 1 })
    end
  end

  -- Diagnostics are pushed: wait for the first publication (a clean file may never get one).
  vim.wait(first and timeout or 8000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
  vim.wait(500) -- a second publication may follow the first
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(entry.diagnostics, { line = d.lnum, code = code and tostring(code) or vim.NIL, severity = d.severity, message = d.message })
  end

  local lenses, lens_err = request(client, bufnr, 'textDocument/codeLens', { textDocument = { uri = uri } })
  entry.lens_error = lens_err
  for _, lens in ipairs(lenses or {}) do
    if not lens.command and (client.server_capabilities.codeLensProvider or {}).resolveProvider then
      lens = request(client, bufnr, 'codeLens/resolve', lens) or lens
    end
    table.insert(entry.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title or vim.NIL })
  end

  local w = entry.workloads[1]
  if w then
    local hover, hover_err = request(client, bufnr, 'textDocument/hover', {
      textDocument = { uri = uri }, position = { line = w.line, character = w.character + 1 },
    })
    entry.hover = hover and hover_text(hover.contents) or vim.NIL
    entry.hover_error = hover_err
  end

  local symbols = request(client, bufnr, 'textDocument/documentSymbol', { textDocument = { uri = uri } })
  local function walk(list)
    for _, s in ipairs(list or {}) do
      table.insert(entry.symbols, s.name)
      walk(s.children)
    end
  end
  walk(symbols)

  if w and not results.lens_run then
    -- A workload lens runs as a user runs it: cursor on its line, then :lua vim.lsp.codelens.run().
    vim.lsp.codelens.refresh()
    vim.wait(10000, function() return #(vim.lsp.codelens.get(bufnr) or {}) > 0 end, 50)
    vim.api.nvim_win_set_cursor(0, { w.line + 1, 0 })
    local before = #shown
    vim.lsp.codelens.run()
    vim.wait(10000, function() return #shown > before end, 50)
    results.lens_run = { workload = w.name, message = shown[before + 1] or vim.NIL }
  end

  if path:match('mistakes%.topo$') then
    -- The quick fix for TOPO302 (400 GB/s on a RoCE link): :lua vim.lsp.buf.code_action() on its line, the fix chosen.
    local target
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if tostring(code) == 'TOPO302' then target = d break end
    end
    local fix = { titles = {} }
    results.fix = fix
    if not target then fix.error = 'no TOPO302 diagnostic' return end
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
    vim.ui.select = function(items, opts, on_choice)
      local chosen
      for i, item in ipairs(items) do
        local title = opts.format_item and opts.format_item(item) or tostring(item)
        table.insert(fix.titles, title)
        if not chosen and title:match('Gb/s') then chosen = i end
      end
      fix.chosen = chosen and fix.titles[chosen] or vim.NIL
      on_choice(chosen and items[chosen] or nil, chosen)
    end
    local version = vim.lsp.util.buf_versions[bufnr]
    vim.lsp.buf.code_action()
    vim.wait(10000, function() return vim.lsp.util.buf_versions[bufnr] ~= version end, 50)
    fix.line_after = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
    -- The edit's new diagnostics arrive after the debounce: wait until TOPO302 is gone (or time runs out).
    local function has_302()
      for _, d in ipairs(vim.diagnostic.get(bufnr)) do
        local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
        if tostring(code) == 'TOPO302' then return true end
      end
      return false
    end
    vim.wait(10000, function() return not has_302() end, 50)
    fix.still_reported = has_302()
  end
end

local ok, err = pcall(function()
  assert(#files > 0, 'TOPO_NVIM_FILES names no file')
  local client_id
  for i, path in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    if i == 1 then
      results.filetype = vim.bo.filetype
      client_id = start_client(vim.fn.fnamemodify(path, ':h'))
      assert(client_id, 'vim.lsp could not start the server')
    end
    collect(path, client_id, i == 1)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  results.server_name = client and client.server_info and client.server_info.name or vim.NIL
end)
if not ok then results.error = tostring(err) end
write_results()
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(1000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(ok and 'qa!' or 'cquit!')
