/**
 * @module
 * Core micro-benchmarks (tinybench): what one message cookie costs to write (encode + sign) and
 * to read (verify + decode), for 1, 5 and 20 messages, with Web Crypto and with node:crypto.
 * They drive `CookieStorage` itself over a stub seam, so they measure the code a request runs.
 */
import {
  type CookieAttributes,
  CookieStorage,
  type FlashConfig,
  type FlashCrypto,
  type FlashSeam,
  Message,
  resolveOptions,
  SUCCESS,
  webCrypto,
} from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import { Bench } from 'tinybench'
import type { MicroResult } from './results.js'
import { FLASH_SECRET } from './servers/page.js'

const SIZES = [1, 5, 20] as const
const PROFILE = { name: '@flash/bench', sessionFix: 'not used: cookie storage' }

/** A seam that serves one incoming cookie and keeps the last one written. */
class StubSeam implements FlashSeam {
  written: string | undefined
  constructor(readonly incoming: string | undefined) {}
  getCookie(): string | undefined {
    return this.incoming
  }
  setCookie(_name: string, value: string, _attributes: CookieAttributes): void {
    this.written = value
  }
  deleteCookie(): void {
    this.written = ''
  }
}

async function encode(config: FlashConfig, messages: Message[]): Promise<string> {
  const seam = new StubSeam(undefined)
  const unstored = await new CookieStorage(seam, config).store(messages)
  if (unstored.length > 0 || seam.written === undefined)
    throw new Error('micro: the cookie did not hold every message')
  return seam.written
}

async function decode(config: FlashConfig, cookie: string): Promise<number> {
  const retrieval = await new CookieStorage(new StubSeam(cookie), config).get()
  return retrieval.messages?.length ?? -1
}

export async function runMicro(timeMs: number): Promise<MicroResult[]> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(timeMs, 100) })
  const meta = new Map<string, Omit<MicroResult, 'meanMicros' | 'opsPerSecond' | 'samples'>>()
  for (const crypto of [webCrypto, nodeCrypto] as FlashCrypto[]) {
    const config = resolveOptions({ secret: FLASH_SECRET, storage: 'cookie', crypto }, PROFILE)
    for (const size of SIZES) {
      const messages = Array.from(
        { length: size },
        (_, i) => new Message(SUCCESS, `Profile saved (${i + 1}).`),
      )
      const cookie = await encode(config, messages)
      // The check before the measurement: the cookie reads back whole.
      if ((await decode(config, cookie)) !== size)
        throw new Error(`micro: ${crypto.name} cookie of ${size} does not decode`)
      const name = (op: string) => `${crypto.name} ${op} ${size}`
      const cryptoName = crypto.name === 'node' ? 'node' : 'web'
      bench.add(name('encode+sign'), () => encode(config, messages))
      meta.set(name('encode+sign'), {
        name: name('encode+sign'),
        crypto: cryptoName,
        messages: size,
        operation: 'encode+sign',
      })
      bench.add(name('verify+decode'), () => decode(config, cookie))
      meta.set(name('verify+decode'), {
        name: name('verify+decode'),
        crypto: cryptoName,
        messages: size,
        operation: 'verify+decode',
      })
    }
  }
  await bench.run()
  return bench.tasks.map((task) => {
    const result = task.result
    if (result.state !== 'completed') throw new Error(`micro: ${task.name} ${result.state}`)
    return {
      ...meta.get(task.name)!,
      meanMicros: result.latency.mean * 1000,
      opsPerSecond: 1000 / result.latency.mean,
      samples: result.latency.samplesCount,
    }
  })
}
