/**
 * A process of its own for string-prototype.test.ts, started with `--allow-natives-syntax`:
 * `CLIENT=5|6 node --allow-natives-syntax --import tsx test/string-prototype-probe.ts` prints
 * whether `String.prototype` is a fast object once node-redis of that major is loaded, and once
 * `redisStorage()` has taken one of its clients.
 */
import { redisStorage } from '../src/index.js'

// biome-ignore lint/security/noGlobalEval: V8's native syntax parses only at run time, in a process started with --allow-natives-syntax
const isFast = (): boolean => eval('%HasFastProperties(String.prototype)') as boolean
const url = 'redis://127.0.0.1:1'
// Never connected: taking the client is all that is probed.
const client =
  process.env['CLIENT'] === '6'
    ? (await import('redis6')).createClient({ url })
    : (await import('redis')).createClient({ url })
const loaded = isFast()
redisStorage({ client })
process.stdout.write(JSON.stringify({ loaded, taken: isFast() }))
