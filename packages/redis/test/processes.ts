/** Apps in child processes (real separate Node processes on one Redis), started and killed by tests. */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Framework } from './apps.js'
import type { ClientName } from './clients.js'

export interface AppProcess {
  readonly url: string
  readonly child: ChildProcess
  /** SIGKILL, as a crash would: no cleanup runs. */
  kill(): Promise<void>
}

const SCRIPT = fileURLToPath(new URL('./app-process.ts', import.meta.url))

export async function startAppProcess(
  framework: Framework,
  client: ClientName,
  redisUrl: string,
  leaseSeconds: number,
): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      FRAMEWORK: framework,
      CLIENT: client,
      REDIS_URL: redisUrl,
      LEASE_SECONDS: String(leaseSeconds),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve((JSON.parse(line) as { url: string }).url)
    })
    child.once('exit', (code) => reject(new Error(`app process exited with ${code} before listening`)))
  })
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  return { url, child, kill }
}
