import { runAdapterSuite } from '@flash/adapter-suite'
import { CountingMemoryStore, EXPRESS_VERSIONS, expressHarness, SlowStore } from './harness.js'

const [express5, express4] = EXPRESS_VERSIONS

runAdapterSuite(expressHarness(express5!, () => new CountingMemoryStore(), 'MemoryStore'))
runAdapterSuite(expressHarness(express5!, () => new SlowStore(), 'async store'))
runAdapterSuite(expressHarness(express4!, () => new CountingMemoryStore(), 'MemoryStore'))
