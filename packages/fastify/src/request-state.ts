/**
 * @module
 * What @flash/fastify keeps per request, in one object behind one request decorator. Fastify's
 * request constructor sets every decorator that has a value through one loop over their names: a
 * store V8 cannot cache (a megamorphic keyed store), about 0.2 k instructions each on every request,
 * whether the request uses messages or not. Five decorators became one, and an untouched request
 * costs 1.1 k instructions less (callgrind, `bench/src/instructions.ts fastify s1`).
 */
import type { BaseStorage } from '@flash/core'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifySeam } from './seam.js'
import type { PendingSuccess } from './success-message.js'

/** The request's state once `onRequest` (or anything before it that used messages) made it. */
const STATE = Symbol('@flash/fastify.state')

export class RequestState {
  /** The request's storage and its seam once something used them; `null` before. */
  storage: BaseStorage | null = null
  seam: FastifySeam | null = null
  /** Set when the request ended (`onSend`, or after `reply.hijack()`): later adds are refused. */
  ended = false
  /** The success message of a route that declares one (`config.successMessage`), once its handler ran. */
  success: PendingSuccess | null = null
  /** A message was added before the reply was known: `onRequest` watches for a hijack once it is. */
  addedBeforeReply = false

  /**
   * @param reply The request's reply: a Fastify request has no way back to it. `null` when
   *   something before this plugin's `onRequest` used messages (or answered the request).
   */
  constructor(public reply: FastifyReply | null) {}
}

type Stateful = FastifyRequest & { [STATE]: RequestState | null }

/** Give every request of `fastify`'s context the (empty) decorator. */
export function decorateRequestState(fastify: FastifyInstance): void {
  fastify.decorateRequest(STATE, null)
}

/** Whether this plugin already applies to `fastify`'s context (here or in a parent). */
export function hasRequestState(fastify: FastifyInstance): boolean {
  return fastify.hasRequestDecorator(STATE)
}

/** The request's state, made now (with no reply) when nothing made it yet. */
export function stateOf(request: FastifyRequest): RequestState {
  const stateful = request as Stateful
  const state = stateful[STATE]
  if (state !== null) return state
  const made = new RequestState(null)
  stateful[STATE] = made
  return made
}

/** The request's state, or `null` when nothing made it yet. */
export function existingState(request: FastifyRequest): RequestState | null {
  return (request as Stateful)[STATE]
}

/** Make the request's state in `onRequest`, with its reply. */
export function startState(request: FastifyRequest, reply: FastifyReply): void {
  ;(request as Stateful)[STATE] = new RequestState(reply)
}
