/**
 * Reading and writing the Python literal of an answer cell, without running anything.
 *
 * The grader reads answer cells with Python's `ast`; this reader accepts the same plain
 * values the forms write (text in quotes, numbers, lists, sets, dictionaries, None), so a
 * typed answer the form can show is shown, and anything else is reported as unreadable and
 * kept unchanged. Pure functions, tested in `literal.test.ts`.
 */

/** A plain Python value as read from a cell. */
export type Py =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number; raw: string }
  | { t: 'list'; items: Py[] }
  | { t: 'set'; items: Py[] }
  | { t: 'dict'; entries: [Py, Py][] };

/** What an answer cell says: one value, nothing yet, or why it cannot be read. */
export type Reading =
  | { kind: 'value'; value: Py }
  | { kind: 'empty' }
  | { kind: 'unreadable'; problem: string };

type Token = { type: 'name' | 'num' | 'str' | 'op' | 'newline'; text: string; value?: string };

const OPS = '={}[](),:-';

class Unreadable extends Error {}

/** Split cell source into tokens; comments are dropped, newlines inside brackets ignored. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') {
        i++;
      }
    } else if (ch === '\n') {
      if (depth === 0) {
        tokens.push({ type: 'newline', text: '\n' });
      }
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '"' || ch === "'") {
      const [value, end] = readString(source, i);
      tokens.push({ type: 'str', text: source.slice(i, end), value });
      i = end;
    } else if (/[0-9.]/.test(ch)) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
      if (!match) {
        throw new Unreadable(`"${ch}" is not part of a plain value`);
      }
      tokens.push({ type: 'num', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      if (source[i + match[0].length] === '"' || source[i + match[0].length] === "'") {
        throw new Unreadable('text with a prefix such as f"..." is not a plain value');
      }
      tokens.push({ type: 'name', text: match[0] });
      i += match[0].length;
    } else if (OPS.includes(ch)) {
      if ('{[('.includes(ch)) {
        depth++;
      } else if ('}])'.includes(ch)) {
        depth = Math.max(0, depth - 1);
      }
      tokens.push({ type: 'op', text: ch });
      i++;
    } else {
      throw new Unreadable(`the character ${ch} is not part of a plain value`);
    }
  }
  tokens.push({ type: 'newline', text: '\n' });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

function readString(source: string, start: number): [string, number] {
  const quote = source[start];
  if (source.startsWith(quote.repeat(3), start)) {
    throw new Unreadable('text in triple quotes is not read by the form');
  }
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) {
      return [out, i + 1];
    }
    if (ch === '\n') {
      break;
    }
    if (ch === '\\') {
      const next = source[i + 1];
      if (next in ESCAPES) {
        out += ESCAPES[next];
        i += 2;
        continue;
      }
      const hex = /^u([0-9a-fA-F]{4})/.exec(source.slice(i + 1));
      if (hex) {
        out += String.fromCharCode(parseInt(hex[1], 16));
        i += 6;
        continue;
      }
      throw new Unreadable('the text holds a backslash the form does not read');
    }
    out += ch;
    i++;
  }
  throw new Unreadable('a quote is not closed');
}

class Parser {
  private pos = 0;
  constructor(private tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos];
  }

  next(): Token {
    return this.tokens[this.pos++];
  }

  expect(text: string): void {
    const token = this.next();
    if (token.text !== text) {
      throw new Unreadable(`expected ${text} but found ${token.text.trim() || 'the end of a line'}`);
    }
  }

  value(): Py {
    const token = this.next();
    if (token.type === 'str') {
      return { t: 'str', v: token.value! };
    }
    if (token.type === 'num') {
      return { t: 'num', v: Number(token.text), raw: token.text };
    }
    if (token.text === '-' && this.peek().type === 'num') {
      const num = this.next();
      return { t: 'num', v: -Number(num.text), raw: '-' + num.text };
    }
    if (token.type === 'name') {
      if (token.text === 'None') {
        return { t: 'none' };
      }
      if (token.text === 'True' || token.text === 'False') {
        return { t: 'bool', v: token.text === 'True' };
      }
      throw new Unreadable(`${token.text} is a name, not a plain value`);
    }
    if (token.text === '[' || token.text === '(') {
      return { t: 'list', items: this.items(token.text === '[' ? ']' : ')') };
    }
    if (token.text === '{') {
      return this.braces();
    }
    throw new Unreadable(`${token.text.trim() || 'the end of a line'} does not start a value`);
  }

  items(close: string): Py[] {
    const items: Py[] = [];
    while (this.peek().text !== close) {
      items.push(this.value());
      if (this.peek().text === ',') {
        this.next();
      } else {
        break;
      }
    }
    this.expect(close);
    return items;
  }

  braces(): Py {
    if (this.peek().text === '}') {
      this.next();
      return { t: 'dict', entries: [] };
    }
    const first = this.value();
    if (this.peek().text !== ':') {
      const rest = this.peek().text === ',' ? (this.next(), this.items('}')) : (this.expect('}'), []);
      return { t: 'set', items: [first, ...rest] };
    }
    const entries: [Py, Py][] = [];
    let key: Py | null = first;
    while (key !== null) {
      this.expect(':');
      entries.push([key, this.value()]);
      key = null;
      if (this.peek().text === ',') {
        this.next();
        if (this.peek().text !== '}') {
          key = this.value();
        }
      }
    }
    this.expect('}');
    return { t: 'dict', entries };
  }
}

/**
 * Read the answer a cell assigns to `variable`: only `variable = value` lines and comments,
 * the last assignment winning (as when the cell runs). Anything else is unreadable.
 */
export function readAnswer(source: string, variable: string): Reading {
  try {
    const parser = new Parser(tokenize(source));
    let value: Py | null = null;
    while (parser.peek() !== undefined) {
      const token = parser.peek();
      if (token.type === 'newline') {
        parser.next();
        if (parser.peek() === undefined) {
          break;
        }
        continue;
      }
      const name = parser.next();
      if (name.type !== 'name' || name.text !== variable) {
        return { kind: 'unreadable', problem: `it does not start with ${variable} =` };
      }
      parser.expect('=');
      value = parser.value();
      if (parser.next().type !== 'newline') {
        return { kind: 'unreadable', problem: 'a line holds more than one value' };
      }
    }
    return value === null ? { kind: 'empty' } : { kind: 'value', value };
  } catch (err) {
    if (err instanceof Unreadable) {
      return { kind: 'unreadable', problem: err.message };
    }
    return { kind: 'unreadable', problem: 'it is not a plain value' };
  }
}

/** Python source for a text value (a JSON string is a valid Python string literal). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** Python source for a set of letters or numbers, sorted (`{"B", "C"}`, `{2, 5}`). */
export function pySet(members: (string | number)[]): string {
  const sorted = [...members].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))
  );
  return '{' + sorted.map(m => (typeof m === 'number' ? String(m) : pyString(m))).join(', ') + '}';
}

/**
 * New cell source: the comment lines the cell starts with (the item's reminder of the
 * layout), then `variable = literal`.
 */
export function withAssignment(source: string, variable: string, literal: string): string {
  const lines = source.split('\n');
  const comments: string[] = [];
  for (const line of lines) {
    if (line.trim().startsWith('#')) {
      comments.push(line);
    } else {
      break;
    }
  }
  return [...comments, `${variable} = ${literal}`].join('\n');
}

/** The source as a student typed it, shortened to one readable line for a message. */
export function shortSource(source: string): string {
  const lines = source
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  const text = lines.join(' ') || source.trim();
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}
