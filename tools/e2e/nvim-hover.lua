-- Headless Neovim (0.7+) as a second LSP client: start a language server, open a
-- file, request textDocument/hover at a position and check the text.
-- Driven by environment variables (nvim-hover.sh sets them from its arguments):
--   LSP_CMD        shell command that starts the server on stdio (required),
--                  e.g. "node dist/server.js --stdio"
--   LSP_ROOT       workspace root sent to the server (default: current directory)
--   HOVER_FILE     file to open (required)
--   HOVER_LINE     1-based line   } either both of these,
--   HOVER_COL      1-based column (UTF-16 code units, as LSP and VS Code count) }
--   HOVER_WORD     or a word: hover on its first occurrence in the file
--   HOVER_EXPECT   text the hover must contain (optional; without it any hover passes)
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
  local expect = env('HOVER_EXPECT')
  local text, problem
  local tries = 0
  -- didOpen is sent on attach/initialisation; request_sync keeps the order.
  repeat
    tries = tries + 1
    text, problem = nil, nil
    local resp, rerr = client.request_sync('textDocument/hover', params, remaining(), bufnr)
    if not resp then
      problem = 'hover request: ' .. tostring(rerr)
    elseif resp.err then
      problem = 'hover error: ' .. vim.inspect(resp.err)
    elseif not resp.result or not resp.result.contents then
      problem = ('no hover at %d:%d'):format(line + 1, col + 1)
    else
      text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(resp.result.contents), '\n')
      if expect and not string.find(text, expect, 1, true) then
        problem = 'hover does not contain "' .. expect .. '"'
      end
    end
    if problem and vim.loop.hrtime() < deadline then vim.wait(200) end
  until not problem or vim.loop.hrtime() >= deadline or (resp and resp.err)
  if text then io.stdout:write(text .. '\n') end
  if problem then
    return finish(1, ('nvim-hover: FAIL %s (%d tries in %d ms)'):format(problem, tries, timeout))
  end
  io.stderr:write(('nvim-hover: PASS hover at %d:%d (server initialised in %.0f ms%s, hover try %d)\n'):format(
    line + 1, col + 1, init_ms, ready_note, tries))
  finish(0)
end)
if not ok then finish(1, 'nvim-hover: FAIL ' .. tostring(err)) end
