-- Headless Neovim (0.7+) as a second LSP client: start a language server, open a
-- file, request textDocument/hover (or definition, documentSymbol) and check the answer,
-- turned into text, contains what is expected.
-- Driven by environment variables (nvim-hover.sh sets them from its arguments):
--   LSP_CMD        shell command that starts the server on stdio (required),
--                  e.g. "node dist/server.js --stdio"
--   LSP_ROOT       workspace root sent to the server (default: current directory)
--   HOVER_FILE     file to open (required)
--   HOVER_LINE     1-based line   } either both of these,
--   HOVER_COL      1-based column (UTF-16 code units, as LSP and VS Code count) }
--   HOVER_WORD     or a word: hover on its first occurrence in the file
--   HOVER_EXPECT   text the answer must contain (optional; without it any answer passes);
--                  several texts separated by ';;' must all be there
--   LSP_METHOD     hover (default), definition or documentSymbol. The answer as text:
--                  hover: its markdown; definition: one line per location,
--                  "FILE:LINE:COL: <the file's text from there>" (FILE the base name,
--                  LINE/COL 1-based, COL in UTF-16 units); documentSymbol: one line per
--                  symbol, its path from the root, "I. Bối cảnh > 1. Kết quả" (the
--                  position is not used: HOVER_LINE/COL default to 1:1)
--   LSP_TIMEOUT_MS timeout for initialisation and for the hover (default 15000); the
--                  hover is retried until it contains HOVER_EXPECT or this time is up,
--                  since a server may answer null while it is still indexing
--   LSP_INIT_OPTIONS JSON sent as initializationOptions (optional)
--   LSP_READY_METHOD optional request polled until its result has state == "ready"
--                  (e.g. policyLens/status) before the hover; ignored if the server
--                  answers it with an error
-- Exit code: 0 pass, 1 fail (message on stderr). The hover text goes to stdout.

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then return default end
  return v
end

-- The text of a file's line (1-based) from a UTF-16 column (0-based) on, or ''.
local function line_from(fname, line1, col16)
  local f = io.open(fname, 'r')
  if not f then return '' end
  local n, text = 0, ''
  for l in f:lines() do
    n = n + 1
    if n == line1 then text = l; break end
  end
  f:close()
  local ok, b = pcall(vim.str_byteindex, text, col16, true)
  return ok and text:sub(b + 1) or text
end

-- An LSP answer as text (see LSP_METHOD above); nil when it is empty.
local function as_text(method, result)
  if result == nil or result == vim.NIL then return nil end
  if method == 'textDocument/hover' then
    if not result.contents then return nil end
    return table.concat(vim.lsp.util.convert_input_to_markdown_lines(result.contents), '\n')
  elseif method == 'textDocument/definition' then
    local locs = result.uri and { result } or result
    local out = {}
    for _, loc in ipairs(locs) do
      local uri = loc.targetUri or loc.uri
      local range = loc.targetSelectionRange or loc.range
      local fname = vim.uri_to_fname(uri)
      table.insert(out, ('%s:%d:%d: %s'):format(vim.fn.fnamemodify(fname, ':t'), range.start.line + 1,
        range.start.character + 1, line_from(fname, range.start.line + 1, range.start.character)))
    end
    return #out > 0 and table.concat(out, '\n') or nil
  elseif method == 'textDocument/documentSymbol' then
    local out = {}
    local function walk(symbols, prefix)
      for _, sym in ipairs(symbols) do
        local path = prefix and (prefix .. ' > ' .. sym.name) or sym.name
        table.insert(out, path)
        if sym.children then walk(sym.children, path) end
      end
    end
    walk(result, nil)
    return #out > 0 and table.concat(out, '\n') or nil
  end
  return vim.inspect(result)
end

local client_id
local function finish(code, msg)
  if msg then io.stderr:write(msg .. '\n') end
  if client_id then
    local c = vim.lsp.get_client_by_id(client_id)
    if c then c.stop(true) end -- force: kills the server process
  end
  io.stdout:flush()
  io.stderr:flush()
  if code == 0 then vim.cmd('qall!') else vim.cmd('cquit ' .. code) end
end

local ok, err = pcall(function()
  local cmd = env('LSP_CMD')
  local file = env('HOVER_FILE')
  if not cmd or not file then return finish(2, 'nvim-hover: LSP_CMD and HOVER_FILE are required') end
  local timeout = tonumber(env('LSP_TIMEOUT_MS', '15000'))
  local root = vim.fn.fnamemodify(env('LSP_ROOT', vim.fn.getcwd()), ':p')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  -- Position (0-based for LSP).
  local line, col
  local word = env('HOVER_WORD')
  if word then
    for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      local s = string.find(text, word, 1, true)
      -- LSP positions count UTF-16 code units, not bytes (Vietnamese text is multibyte).
      if s then line = i - 1; local _, utf16 = vim.str_utfindex(text, s - 1); col = utf16; break end
    end
    if not line then return finish(1, 'nvim-hover: FAIL word "' .. word .. '" not found in ' .. file) end
  else
    line = tonumber(env('HOVER_LINE', '1')) - 1
    col = tonumber(env('HOVER_COL', '1')) - 1
  end

  local initialized = false
  client_id = vim.lsp.start_client({
    name = 'e2e-hover',
    cmd = { 'sh', '-c', 'exec ' .. cmd },
    root_dir = root,
    init_options = env('LSP_INIT_OPTIONS') and vim.fn.json_decode(env('LSP_INIT_OPTIONS')) or nil,
    -- What the server logs (window/logMessage: a legacy-encoded source, a skipped file) is
    -- the server's business, shown here; Neovim's LSP log is kept for Neovim's own
    -- warnings, which the check fails on (a protocol problem).
    handlers = {
      ['window/logMessage'] = function(_, result)
        if result and result.message then io.stderr:write('nvim-hover: server log: ' .. result.message .. '\n') end
        return vim.NIL
      end,
    },
    on_init = function() initialized = true end,
    on_exit = function(code, signal)
      if not initialized then io.stderr:write(('nvim-hover: server exited early (code %s, signal %s)\n'):format(code, signal)) end
    end,
  })
  if not client_id then return finish(1, 'nvim-hover: FAIL could not start: ' .. cmd) end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local t0 = vim.loop.hrtime()
  if not vim.wait(timeout, function() return initialized end, 20) then
    return finish(1, 'nvim-hover: FAIL server did not initialise within ' .. timeout .. ' ms')
  end
  local init_ms = (vim.loop.hrtime() - t0) / 1e6

  local client = vim.lsp.get_client_by_id(client_id)
  local deadline = vim.loop.hrtime() + timeout * 1e6
  local function remaining() return math.max(1, math.floor((deadline - vim.loop.hrtime()) / 1e6)) end

  -- Optional readiness request (polled: the condition is the server's own state).
  local ready_method = env('LSP_READY_METHOD')
  local ready_note = ''
  if ready_method then
    local state
    repeat
      local r = client.request_sync(ready_method, vim.empty_dict(), remaining(), bufnr)
      if not r or r.err then state = 'unsupported'; break end
      state = type(r.result) == 'table' and r.result.state or nil
      if state ~= 'ready' then vim.wait(100) end
    until state == 'ready' or vim.loop.hrtime() > deadline
    if state ~= 'ready' and state ~= 'unsupported' then
      return finish(1, ('nvim-hover: FAIL %s not ready within %d ms (state %s)'):format(ready_method, timeout, tostring(state)))
    end
    ready_note = (', %s %s after %.0f ms'):format(ready_method, state, (vim.loop.hrtime() - t0) / 1e6)
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = col },
  }
  local what = env('LSP_METHOD', 'hover')
  local method = 'textDocument/' .. what
  if what == 'documentSymbol' then params = { textDocument = params.textDocument } end
  local expect = env('HOVER_EXPECT')
  local expects = {}
  if expect then
    for part in (expect .. ';;'):gmatch('(.-);;') do if part ~= '' then table.insert(expects, part) end end
  end
  local text, problem
  local tries = 0
  local resp
  -- didOpen is sent on attach/initialisation; request_sync keeps the order.
  repeat
    tries = tries + 1
    text, problem = nil, nil
    local rerr
    resp, rerr = client.request_sync(method, params, remaining(), bufnr)
    if not resp then
      problem = what .. ' request: ' .. tostring(rerr)
    elseif resp.err then
      problem = what .. ' error: ' .. vim.inspect(resp.err)
    else
      text = as_text(method, resp.result)
      if not text then
        problem = ('no %s at %d:%d'):format(what, line + 1, col + 1)
      else
        for _, e in ipairs(expects) do
          if not string.find(text, e, 1, true) then problem = what .. ' does not contain "' .. e .. '"'; break end
        end
      end
    end
    if problem and vim.loop.hrtime() < deadline then vim.wait(200) end
  until not problem or vim.loop.hrtime() >= deadline or (resp and resp.err)
  if text then io.stdout:write(text .. '\n') end
  if problem then
    return finish(1, ('nvim-hover: FAIL %s (%d tries in %d ms)'):format(problem, tries, timeout))
  end
  io.stderr:write(('nvim-hover: PASS %s at %d:%d (server initialised in %.0f ms%s, try %d)\n'):format(
    what, line + 1, col + 1, init_ms, ready_note, tries))
  finish(0)
end)
if not ok then finish(1, 'nvim-hover: FAIL ' .. tostring(err)) end
