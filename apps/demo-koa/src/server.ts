/**
 * @module
 * `tsx src/server.ts`: the Koa demo on http://127.0.0.1:3002 (`PORT` overrides).
 */
import { demoSecret } from '@flash/demo-kit'
import { startDemo } from './app.js'

const port = Number(process.env['PORT'] ?? 3002)
const { url } = await startDemo({ secret: demoSecret(), port, host: process.env['HOST'] ?? '127.0.0.1' })
console.log(`@flash demo on Koa: ${url}/`)
