import { describe, expect, it } from 'vitest'
import {
  byCodeGroup,
  codeGroupOf,
  latestMapEntries,
  NATIVE_OWNER,
  ownCodeReading,
  ownerOf,
} from '../src/perf-owners.js'

// Frames as `perf script -F pid,ip,sym,dso` prints them, leaf first.
const frame = (text: string) => `\t    7f9e080bb63f ${text} (/tmp/perf-123.map)`.trim()

describe('ownerOf', () => {
  it('names the nearest JavaScript frame, without the checkout or pnpm directories', () => {
    const frames = [
      '55d0c0a1 v8::internal::Runtime_StoreIC_Miss (/usr/bin/node)',
      frame('JS:*unsign file:///work/main/packages/core/dist/index.js:2373:9'),
      frame('JS:*flashMiddleware file:///work/main/packages/koa/dist/index.js:419:34'),
    ]
    expect(ownerOf(frames)).toBe('JS:*unsign packages/core/dist/index.js:2373:9')
    expect(
      ownerOf([
        frame('JS:*set /srv/app/node_modules/.pnpm/koa@3.3.0/node_modules/koa/lib/response.js:550:7'),
      ]),
    ).toBe('JS:*set koa/lib/response.js:550:7')
  })

  it('charges a sample with no JavaScript frame to native work', () => {
    expect(ownerOf(['55d0c0a1 epoll_wait (/usr/lib/libc.so.6)'])).toBe(NATIVE_OWNER)
  })
})

describe('codeGroupOf', () => {
  it('tells @flash, the server module, the framework, Node, regular expressions and native work apart', () => {
    expect(codeGroupOf('JS:*unsign packages/core/dist/index.js:2373:9')).toBe('@flash')
    // An anonymous function: its name is empty, its location still the last word.
    expect(codeGroupOf('JS:* bench/src/servers/koa.ts:1:1627')).toBe('server module')
    expect(codeGroupOf('JS:*set koa/lib/response.js:550:7')).toBe('framework')
    expect(codeGroupOf('JS:* file:@hono/node-server/dist/index.mjs:570:10')).toBe('framework')
    expect(codeGroupOf('JS:*clearBuffer node:internal/streams/writable:744:21')).toBe('Node')
    expect(codeGroupOf('RegExp:[&<>"\']')).toBe('regular expressions')
    expect(codeGroupOf(NATIVE_OWNER)).toBe('native')
  })
})

describe('ownCodeReading', () => {
  it('reads the ratio the two rows make if only their own code differed', () => {
    const byHand = byCodeGroup(
      new Map([
        ['JS:*mac bench/src/servers/baseline.ts:1:1218', 10],
        ['JS:*set koa/lib/response.js:550:7', 30],
        ['JS:*clearBuffer node:internal/streams/writable:744:21', 60],
      ]),
    )
    const flash = byCodeGroup(
      new Map([
        ['JS:*unsign packages/core/dist/index.js:2373:9', 11],
        ['JS:* bench/src/servers/koa.ts:1:1627', 4],
        // The framework and Node cost more in this process: not the library's code.
        ['JS:*set koa/lib/response.js:550:7', 33],
        ['JS:*clearBuffer node:internal/streams/writable:744:21', 66],
      ]),
    )
    expect(byHand.get('server module')).toBe(10)
    expect(flash.get('@flash')).toBe(11)
    const reading = ownCodeReading({ total: 100, groups: byHand }, { groups: flash })
    expect(reading.added).toBe(5)
    expect(reading.ratio).toBeCloseTo(100 / 105, 10)
  })
})

describe('latestMapEntries', () => {
  it('leaves each address to the latest entry that covers it', () => {
    const map = [
      '1000 100 JS:*parseSource node:internal/deps/cjs-module-lexer/lexer:85:22',
      '2000 10 Builtin:RecordWriteSaveFP',
      '3000 20 JS:*kept node:a:1:1',
      // Code V8 compiled later into memory the first entry's code had.
      '1040 30 JS:*hmac packages/core/dist/node.js:12:12',
      '2000 10 Builtin:RecordWriteSaveFP',
      'not an entry',
      '',
    ].join('\n')
    expect(latestMapEntries(map)).toBe(
      [
        '3000 20 JS:*kept node:a:1:1',
        '1040 30 JS:*hmac packages/core/dist/node.js:12:12',
        '2000 10 Builtin:RecordWriteSaveFP',
        '',
      ].join('\n'),
    )
  })
})
