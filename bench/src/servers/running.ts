/**
 * @module
 * What a framework module hands back to the server entry.
 */
import type { CryptoChoice, Scenario } from '../scenarios.js'

export interface RunningServer {
  readonly port: number
  close(): Promise<void>
}

export type StartServer = (scenario: Scenario, crypto: CryptoChoice) => Promise<RunningServer>
