/**
 * @module
 * Server children: forked on the server entry with tsx, ready once they print their port, and
 * always stopped, even when the run is interrupted.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type Variant, variantKey } from './scenarios.js'
import type { ChildMessage, ParentMessage } from './servers/entry.js'

const ENTRY = fileURLToPath(new URL('./servers/entry.ts', import.meta.url))
/** Resolved here, so the bench runs from any working directory. */
const TSX = import.meta.resolve('tsx')
const START_TIMEOUT_MS = 30_000

const ASK_TIMEOUT_MS = 10_000

// Children also stop themselves when the IPC channel closes; this covers a parent that exits first.
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})
// Ctrl-C: exit through 'exit', so the hook above runs (the default SIGINT action skips it).
process.once('SIGINT', () => process.exit(130))

export interface ServerChild {
  readonly variant: Variant
  readonly port: number
  readonly url: string
  readonly pid: number
  /**
   * CPU time the server used so far, in microseconds: user + system (`micros`), and user alone
   * (its own code, V8 and native libraries; without the kernel's share of sockets and system calls).
   */
  cpu(): Promise<{ micros: number; userMicros: number }>
  memory(gc?: boolean): Promise<{ rss: number; heapUsed: number }>
  /** Start counting the heap bytes the server allocates (`from: 'now'`), or read the count (`'start'`). */
  allocated(from: 'now' | 'start'): Promise<number>
  stop(): Promise<void>
}

export interface StartOptions {
  /** Extra node flags for the child, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[]
}

export async function startServer(variant: Variant, options: StartOptions = {}): Promise<ServerChild> {
  return (await startServers([variant], options))[0]!
}

/**
 * Variants of one framework and crypto served by one process, each on its own port: they share
 * the process's CPU clock, so read one's CPU only while the load is on it alone. Two processes of
 * the same code differ here by 5-20% for their whole life; two servers in one process do not.
 * Stopping any of them stops the process, so all of them.
 */
export async function startServers(
  variants: readonly Variant[],
  options: StartOptions = {},
): Promise<ServerChild[]> {
  const [variant] = variants
  if (
    variant === undefined ||
    variants.some((v) => v.framework !== variant.framework || v.crypto !== variant.crypto)
  ) {
    throw new Error('startServers: one framework and one crypto per process')
  }
  const args: string[] = [variant.framework, variants.map((v) => v.scenario).join('+')]
  if (variant.crypto === 'node') args.push('node')
  const child = fork(ENTRY, args, {
    execArgv: ['--import', TSX, ...(options.execArgv ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const name = variants.map(variantKey).join(' + ')

  let ports: number[]
  try {
    ports = await readPorts(child)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${name}: the server did not start: ${(error as Error).message}\n${stderr}`)
  }

  const ask = <T extends ChildMessage['type']>(message: ParentMessage, type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage)
        reject(new Error(`${name}: the server did not answer "${type}"\n${stderr}`))
      }, ASK_TIMEOUT_MS)
      const onMessage = (m: ChildMessage) => {
        if (m.type !== type) return
        clearTimeout(timer)
        child.off('message', onMessage)
        resolve(m as Extract<ChildMessage, { type: T }>)
      }
      child.on('message', onMessage)
      if (!child.send(message)) {
        clearTimeout(timer)
        reject(new Error(`${name}: the server is gone\n${stderr}`))
      }
    })

  return variants.map((variant, i) => ({
    variant,
    port: ports[i]!,
    url: `http://127.0.0.1:${ports[i]}/`,
    pid: child.pid!,
    cpu: async () => {
      const { micros, userMicros } = await ask({ type: 'cpu' }, 'cpu')
      return { micros, userMicros }
    },
    memory: async (gc) => {
      const { rss, heapUsed } = await ask({ type: 'memory', gc }, 'memory')
      return { rss, heapUsed }
    },
    allocated: async (from) => (await ask({ type: 'allocated', from }, 'allocated')).bytes,
    stop: () => stopChild(child),
  }))
}

function readPorts(child: ChildProcess): Promise<number[]> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('no PORT line within 30 s')), START_TIMEOUT_MS)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /^PORT=(\d+(?:,\d+)*)$/m.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!.split(',').map(Number))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with code ${code}`))
    })
  })
}

/** Ask nicely (so a CPU profile gets written), then kill what is still there after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    if (!child.connected || !child.send({ type: 'stop' } satisfies ParentMessage)) child.kill('SIGTERM')
  })
}
