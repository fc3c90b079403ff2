/**
 * `redisStorage` returns a `StorageFactory<C>` whose `C` is the carrier of the adapter it is
 * passed to: the `user` option reads the Fastify request, Koa context, Hono context or Express
 * request with its own type, and a `user` written for another framework does not type-check.
 * Checked by `tsc -p packages/redis/tsconfig.json`.
 */
import type { StorageFactory } from '@flash/core'
import { flash as expressFlash } from '@flash/express'
import { flash as fastifyFlash } from '@flash/fastify'
import { flash as honoFlash } from '@flash/hono'
import { flash as koaFlash } from '@flash/koa'
import express, { type Request as ExpressRequest } from 'express'
import Fastify, { type FastifyRequest } from 'fastify'
import { Hono, type Context as HonoContext } from 'hono'
import Koa, { type Context as KoaContext } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import { type RedisClient, redisStorage } from '../src/index.js'

declare const client: RedisClient
const secret = 'a-secret-of-at-least-thirty-two-characters'

describe('@flash/redis types', () => {
  it('Koa and Express: `user` gets the carrier from the adapter, without an annotation', () => {
    new Koa().use(
      koaFlash({
        secret,
        storage: redisStorage({
          client,
          user: (ctx) => {
            expectTypeOf(ctx).toEqualTypeOf<KoaContext>()
            return ctx.get('x-user')
          },
        }),
      }),
    )
    express().use(
      expressFlash({
        secret,
        storage: redisStorage({
          client,
          user: (req) => {
            expectTypeOf(req).toEqualTypeOf<ExpressRequest>()
            return req.get('x-user')
          },
        }),
      }),
    )
  })

  it('Fastify and Hono: `user` annotated with the carrier (both adapters are called generically)', () => {
    const fastifyStorage = redisStorage({ client, user: (request: FastifyRequest) => request.ip })
    expectTypeOf(fastifyStorage).toEqualTypeOf<StorageFactory<FastifyRequest>>()
    void Fastify().register(fastifyFlash, { secret, storage: fastifyStorage })
    const honoStorage = redisStorage({ client, user: (c: HonoContext) => c.req.header('x-user') })
    expectTypeOf(honoStorage).toEqualTypeOf<StorageFactory<HonoContext>>()
    new Hono().use(honoFlash({ secret, storage: honoStorage }))
  })

  it('a `user` written for another framework is a type error', () => {
    const forKoa = redisStorage({ client, user: (ctx: KoaContext) => ctx.get('x-user') })
    const forFastify = redisStorage({ client, user: (request: FastifyRequest) => request.ip })
    // @ts-expect-error Fastify hands the storage a FastifyRequest, not a Koa context
    void Fastify().register(fastifyFlash, { secret, storage: forKoa })
    // @ts-expect-error Hono hands the storage its Context, not a Koa context
    honoFlash({ secret, storage: forKoa })
    // @ts-expect-error Express hands the storage its Request, not a FastifyRequest
    expressFlash({ secret, storage: forFastify })
    // @ts-expect-error Koa hands the storage its Context, not a FastifyRequest
    koaFlash({ secret, storage: forFastify })
  })

  it('without `user`, one storage fits every adapter', () => {
    const shared = redisStorage({ client })
    expectTypeOf(shared).toEqualTypeOf<StorageFactory<unknown>>()
    void Fastify().register(fastifyFlash, { secret, storage: shared })
    koaFlash({ secret, storage: shared })
    honoFlash({ secret, storage: shared })
    expressFlash({ secret, storage: shared })
  })
})
