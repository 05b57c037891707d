/** One request of a load plan: what wrk sends, in turn with the plan's other requests. */
export type LoadRequest = { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };

/**
 * A string as a Lua literal: printable ASCII stays as it is, every other byte (and the quote and
 * the backslash) becomes a decimal escape, which Lua 5.1 and LuaJIT read the same way.
 */
export function luaString(text: string): string {
  let literal = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const isPlain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    literal += isPlain ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${literal}"`;
}

/**
 * The plan bench/wrk/plan.lua reads in each thread's init: a Lua chunk returning the requests, so
 * the script needs no JSON parser. With `countStatuses`, the script counts answers by status class,
 * which makes wrk hand every body to Lua and costs throughput: smoke runs and checks only.
 */
export function renderLuaPlan(requests: readonly LoadRequest[], { countStatuses }: { countStatuses: boolean }): string {
  if (requests.length === 0) throw new Error('a load plan needs at least one request');
  const entries = requests.map((request) => {
    const fields = [`method = ${luaString(request.method ?? 'GET')}`, `path = ${luaString(request.path)}`];
    const headers = Object.entries(request.headers ?? {});
    if (headers.length > 0) fields.push(`headers = { ${headers.map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`).join(', ')} }`);
    if (request.body !== undefined) fields.push(`body = ${luaString(request.body)}`);
    return `    { ${fields.join(', ')} },`;
  });
  return `return {\n  countStatuses = ${countStatuses},\n  requests = {\n${entries.join('\n')}\n  },\n}\n`;
}
