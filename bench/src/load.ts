/**
 * @module
 * One measurement with autocannon (programmatic, a single worker in this process), plus the
 * server's own CPU time over the same window.
 */
import autocannon from 'autocannon'
import type { ServerChild } from './child.js'

export interface LoadOptions {
  readonly connections: number
  /** Seconds; ignored when `amount` is set. */
  readonly duration?: number
  /** Stop after this many requests instead. */
  readonly amount?: number
}

export interface Sample {
  /** Completed requests per second over the whole window (not the per-second histogram mean). */
  readonly rps: number
  /** Milliseconds. */
  readonly p99: number
  readonly latencyMean: number
  readonly requests: number
  /** Connection errors, timeouts and non-2xx responses: any of them makes the sample invalid. */
  readonly failures: number
  /**
   * Server CPU time per request, in microseconds. Unlike req/s it does not depend on whether
   * the load generator or a neighbour's test suite was the bottleneck.
   */
  readonly cpuMicrosPerRequest: number
  /**
   * The user part of it: the same work without the kernel's time for the sockets, which is the same
   * for every server of a scenario and, on a shared VM, much of the noise between two rounds.
   */
  readonly userCpuMicrosPerRequest: number
  /** Server CPU time over wall time: well under 1 means the server was not the bottleneck. */
  readonly serverBusy: number
}

export async function measure(
  server: ServerChild,
  cookie: string | undefined,
  options: LoadOptions,
): Promise<Sample> {
  const cpuBefore = await server.cpu()
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    pipelining: 1,
    // autocannon stops only on a sample tick (1 s by default): short rounds would round up to 1 s.
    sampleInt: 250,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 1 }),
    headers: cookie ? { cookie } : {},
  })
  const cpuAfter = await server.cpu()
  const cpu = cpuAfter.micros - cpuBefore.micros
  const userCpu = cpuAfter.userMicros - cpuBefore.userMicros
  const requests = result.requests.total
  const seconds = result.duration
  return {
    rps: requests / seconds,
    p99: result.latency.p99,
    latencyMean: result.latency.mean,
    requests,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuMicrosPerRequest: requests > 0 ? cpu / requests : 0,
    userCpuMicrosPerRequest: requests > 0 ? userCpu / requests : 0,
    serverBusy: cpu / (seconds * 1e6),
  }
}
