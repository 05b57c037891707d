import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { luaString, renderLuaPlan } from './lua-plan.ts';

describe('a string written for Lua', () => {
  it('keeps a path and a cookie as they are', () => {
    assert.equal(luaString('/world/story-1?q=a+b'), '"/world/story-1?q=a+b"');
    assert.equal(luaString('dl_session=abc; dl_csrf=x.y'), '"dl_session=abc; dl_csrf=x.y"');
  });

  it('escapes the quote, the backslash, control characters and every byte beyond ASCII', () => {
    assert.equal(luaString('a"b\\c'), '"a\\034b\\092c"');
    assert.equal(luaString('line\nnext\t'), '"line\\010next\\009"');
    assert.equal(luaString('é'), '"\\195\\169"');
  });
});

describe('the load plan wrk reads', () => {
  it('lists each request with its method, path, headers and body', () => {
    const plan = renderLuaPlan(
      [
        { path: '/' },
        { method: 'POST', path: '/login', headers: { cookie: 'dl_csrf=t', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b' },
      ],
      { countStatuses: false },
    );
    assert.equal(
      plan,
      [
        'return {',
        '  countStatuses = false,',
        '  requests = {',
        '    { method = "GET", path = "/" },',
        '    { method = "POST", path = "/login", headers = { ["cookie"] = "dl_csrf=t", ["content-type"] = "application/x-www-form-urlencoded" }, body = "email=a%40b" },',
        '  },',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('says whether the script counts answers by status class', () => {
    assert.match(renderLuaPlan([{ path: '/' }], { countStatuses: true }), /countStatuses = true,/);
  });

  it('refuses an empty plan', () => {
    assert.throws(() => renderLuaPlan([], { countStatuses: false }), /at least one request/);
  });
});
