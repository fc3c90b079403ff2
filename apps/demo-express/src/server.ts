/**
 * @module
 * `tsx src/server.ts`: the Express demo on http://127.0.0.1:3004 (`PORT`, or `DEMO_EXPRESS_PORT` as
 * `pnpm demo` reads it, overrides).
 */
import { demoSecret } from '@flash/demo-kit'
import { startDemo } from './app.js'

const port = Number(process.env['PORT'] ?? process.env['DEMO_EXPRESS_PORT'] ?? 3004)
const { url } = await startDemo({ secret: demoSecret(), port, host: process.env['HOST'] ?? '127.0.0.1' })
console.log(`@flash demo on Express: ${url}/`)
