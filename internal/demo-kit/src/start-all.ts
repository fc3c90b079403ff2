/**
 * @module
 * `pnpm demo`: starts the four demo apps (Fastify on 3001, Koa on 3002, Hono on 3003, Express on
 * 3004; override with `DEMO_FASTIFY_PORT`, `DEMO_KOA_PORT`, `DEMO_HONO_PORT`,
 * `DEMO_EXPRESS_PORT`), each in its own process with one
 * shared secret, and prints their URLs. Ctrl+C stops them. `--check` starts them, requests each
 * home page once, and stops (a smoke test).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { demoSecret } from './secret.js'

interface App {
  readonly name: string
  readonly dir: string
  readonly port: number
}

const env = process.env
const APPS: readonly App[] = [
  { name: 'Fastify', dir: 'demo-fastify', port: Number(env['DEMO_FASTIFY_PORT'] ?? 3001) },
  { name: 'Koa', dir: 'demo-koa', port: Number(env['DEMO_KOA_PORT'] ?? 3002) },
  { name: 'Hono', dir: 'demo-hono', port: Number(env['DEMO_HONO_PORT'] ?? 3003) },
  { name: 'Express', dir: 'demo-express', port: Number(env['DEMO_EXPRESS_PORT'] ?? 3004) },
]
const check = process.argv.includes('--check')
const tsx = createRequire(import.meta.url).resolve('tsx/cli')
const secret = demoSecret()
const children: ChildProcess[] = []

/** Start one app; resolves with the URL it printed. */
function start(app: App): Promise<string> {
  const server = fileURLToPath(new URL(`../../../apps/${app.dir}/src/server.ts`, import.meta.url))
  const child = spawn(process.execPath, [tsx, server], {
    env: { ...env, PORT: String(app.port), FLASH_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      const url = /(http:\/\/\S+)/.exec(output)?.[1]
      if (url) resolve(url)
      else return
      // After the URL line, pass the app's own output through.
      child.stdout!.removeAllListeners('data')
      child.stdout!.pipe(process.stdout)
    })
    child.once('exit', (code) =>
      reject(new Error(`the ${app.name} demo exited (code ${code}) before listening`)),
    )
  })
}

function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
}

process.once('SIGINT', () => {
  stopAll()
  process.exitCode = 130
})
process.once('SIGTERM', stopAll)

try {
  const urls = await Promise.all(APPS.map(start))
  console.log(`\n@flash demos: the same "Notes" app, with a message playground, ${APPS.length} times:`)
  for (const [i, app] of APPS.entries()) console.log(`  ${app.name.padEnd(8)} ${urls[i]}`)
  if (check) {
    for (const url of urls) {
      const response = await fetch(url)
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
    }
    console.log(`All ${APPS.length} answered 200.`)
    stopAll()
  } else {
    console.log('Ctrl+C stops them.')
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  stopAll()
  process.exitCode = 1
}
