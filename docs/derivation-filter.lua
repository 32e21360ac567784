-- Pandoc Lua filter that turns docs/derivation.md into LaTeX for docs/build-pdf.sh.
--
-- The Markdown source is written for web viewers (see the comment at the top of
-- derivation.md). This filter maps its conventions onto LaTeX:
--   * the single level-1 heading becomes the document title, and deeper headings move up
--     one level, so "## 4. Backward propagation" becomes a numbered \section;
--   * a level-2 heading without a leading "N." is an unnumbered section;
--   * <a id="eq:LABEL"></a> followed by a ```math block whose last line ends in
--     "\qquad (S.K)" becomes \begin{equation}\label{eq:LABEL} ... \end{equation}, and LaTeX
--     numbers it (per section, so it prints S.K again);
--   * any other ```math block becomes unnumbered display math;
--   * a link [(S.K)](#eq:LABEL) becomes \eqref{eq:LABEL};
--   * a trace line ("Implemented in ... checked by ...") is set small, with break points
--     inside the long type and test names.
-- Hand-typed section and equation numbers are compared with the ones LaTeX will print, and
-- any mismatch stops the build with an error that names the heading or label.

local function fail(message)
  error('derivation.md: ' .. message, 0)
end

local function has_class(element, class)
  for _, name in ipairs(element.classes) do
    if name == class then
      return true
    end
  end
  return false
end

-- Returns the label of a paragraph that contains only <a id="eq:LABEL"></a>, or nil.
local function anchor_label(block)
  if block.t == 'RawBlock' and block.format == 'html' then
    return block.text:match('^%s*<a id="(eq:[%w%-]+)"></a>%s*$')
  end
  if block.t ~= 'Para' and block.t ~= 'Plain' then
    return nil
  end
  local html = ''
  for _, inline in ipairs(block.content) do
    if inline.t == 'RawInline' and inline.format == 'html' then
      html = html .. inline.text
    elseif inline.t ~= 'Space' and inline.t ~= 'SoftBreak' then
      return nil
    end
  end
  return html:match('^<a id="(eq:[%w%-]+)"></a>$')
end

local function is_math_block(block)
  return block.t == 'CodeBlock' and has_class(block, 'math')
end

local function is_trace_line(block)
  return block.t == 'Para' and #block.content > 0 and block.content[1].t == 'Str'
    and block.content[1].text == 'Implemented'
end

-- Escapes text for \texttt and allows a line break after each dot.
local function breakable_code(text)
  local replacements = {
    ['\\'] = '\\textbackslash{}', ['{'] = '\\{', ['}'] = '\\}', ['$'] = '\\$',
    ['&'] = '\\&', ['#'] = '\\#', ['^'] = '\\textasciicircum{}', ['_'] = '\\_',
    ['%'] = '\\%', ['~'] = '\\textasciitilde{}', ['<'] = '\\textless{}',
    ['>'] = '\\textgreater{}', ['.'] = '.\\allowbreak{}',
  }
  local escaped = text:gsub('[\\{}$&#^_%%~<>.]', replacements)
  return '\\texttt{' .. escaped .. '}'
end

local labels = {}

-- Pass 1: title, section numbers, numbered equations and trace lines.
local function number_blocks(doc)
  local blocks = doc.blocks
  local result = {}
  local section = nil
  local equation_in_section = 0
  local sections_seen = 0
  local pending_label = nil
  local index = 1

  while index <= #blocks do
    local block = blocks[index]
    local label = anchor_label(block)

    if label then
      if labels[label] then
        fail('label ' .. label .. ' is defined twice')
      end
      pending_label = label
    elseif block.t == 'Header' and block.level == 1 then
      doc.meta.title = pandoc.MetaInlines(block.content)
    elseif block.t == 'Header' then
      if block.level == 2 then
        local first = block.content[1]
        local number = first and first.t == 'Str' and first.text:match('^(%d+)%.$')
        if number then
          sections_seen = sections_seen + 1
          if tonumber(number) ~= sections_seen then
            fail('section "' .. pandoc.utils.stringify(block.content) .. '" is numbered '
              .. number .. ' but is section ' .. sections_seen)
          end
          section = sections_seen
          equation_in_section = 0
          -- Drop the typed number and the space after it: LaTeX numbers the section.
          table.remove(block.content, 1)
          if block.content[1] and block.content[1].t == 'Space' then
            table.remove(block.content, 1)
          end
        else
          section = nil
          table.insert(block.classes, 'unnumbered')
        end
      end
      block.level = block.level - 1
      table.insert(result, block)
    elseif pending_label then
      if not is_math_block(block) then
        fail('anchor ' .. pending_label .. ' is not followed by a ```math block')
      end
      local body, typed_section, typed_index =
        block.text:match('^(.-)%s*\\qquad%s*%((%d+)%.(%d+)%)%s*$')
      if not body then
        fail('equation ' .. pending_label .. ' does not end in \\qquad (S.K)')
      end
      if not section then
        fail('equation ' .. pending_label .. ' is outside a numbered section')
      end
      equation_in_section = equation_in_section + 1
      local expected = section .. '.' .. equation_in_section
      local typed = typed_section .. '.' .. typed_index
      if typed ~= expected then
        fail('equation ' .. pending_label .. ' is typed as (' .. typed .. ') but is (' .. expected .. ')')
      end
      labels[pending_label] = expected
      table.insert(result, pandoc.RawBlock('latex',
        '\\begin{equation}\\label{' .. pending_label .. '}\n' .. body .. '\n\\end{equation}'))

      local trace = blocks[index + 1]
      if not (trace and is_trace_line(trace)) then
        fail('equation ' .. pending_label .. ' has no "Implemented in ... checked by ..." line after it')
      end
      for position, inline in ipairs(trace.content) do
        if inline.t == 'Code' then
          trace.content[position] = pandoc.RawInline('latex', breakable_code(inline.text))
        end
      end
      table.insert(result, pandoc.RawBlock('latex', '{\\footnotesize\\raggedright'))
      table.insert(result, trace)
      table.insert(result, pandoc.RawBlock('latex', '\\par}'))
      index = index + 1
      pending_label = nil
    elseif is_math_block(block) and block.text:match('\\qquad%s*%(%d+%.%d+%)%s*$') then
      fail('a ```math block typed with a number has no <a id="eq:..."></a> anchor before it')
    else
      table.insert(result, block)
    end
    index = index + 1
  end

  if pending_label then
    fail('anchor ' .. pending_label .. ' ends the document')
  end

  doc.blocks = result
  doc.meta['header-includes'] = pandoc.MetaList({
    pandoc.MetaBlocks({ pandoc.RawBlock('latex', '\\numberwithin{equation}{section}') }),
  })
  return doc
end

-- Pass 2: references and unnumbered display math anywhere (also inside block quotes).
local function resolve_link(link)
  local label = link.target:match('^#(eq:[%w%-]+)$')
  if not label then
    return nil
  end
  local number = labels[label]
  if not number then
    fail('link to ' .. label .. ', which no equation defines')
  end
  local text = pandoc.utils.stringify(link.content)
  if text ~= '(' .. number .. ')' then
    fail('link to ' .. label .. ' reads "' .. text .. '" but the equation is (' .. number .. ')')
  end
  return pandoc.RawInline('latex', '\\eqref{' .. label .. '}')
end

local function unnumbered_math(block)
  if is_math_block(block) then
    return pandoc.Para({ pandoc.Math('DisplayMath', block.text) })
  end
  return nil
end

return {
  { Pandoc = number_blocks },
  { Link = resolve_link, CodeBlock = unnumbered_math },
}
