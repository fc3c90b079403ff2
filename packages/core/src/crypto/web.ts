/**
 * @module
 * {@link FlashCrypto} on Web Crypto and CompressionStream: works on Node, Bun, Deno and edge
 * workers. Every call is asynchronous, so the core awaits it only where a request carries data.
 */
import { encodeBase64Url } from '../encoding/base64url.js'
import type { FlashCrypto, HmacSha256 } from './types.js'

const encoder = new TextEncoder()

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) {
    throw new Error(
      '@flash/core: globalThis.crypto.subtle is missing; pass `crypto: nodeCrypto` from @flash/core/node',
    )
  }
  return s
}

async function hmacSha256(key: Uint8Array): Promise<HmacSha256> {
  const cryptoKey = await subtle().importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return async (text) =>
    encodeBase64Url(new Uint8Array(await subtle().sign('HMAC', cryptoKey, encoder.encode(text))))
}

async function collect(stream: ReadableStream<Uint8Array>, maxLength: number): Promise<Uint8Array | null> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxLength) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

function through(
  data: Uint8Array,
  transform: CompressionStream | DecompressionStream,
): ReadableStream<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data)
      controller.close()
    },
  })
  return source.pipeThrough(transform as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)
}

/** The portable default. */
export const webCrypto: FlashCrypto = {
  name: 'web',
  sha256: async (data) => new Uint8Array(await subtle().digest('SHA-256', data as BufferSource)),
  hmacSha256,
  deflate: async (data) =>
    (await collect(through(data, new CompressionStream('deflate')), Number.POSITIVE_INFINITY))!,
  inflate: async (data, maxLength) => {
    try {
      return await collect(through(data, new DecompressionStream('deflate')), maxLength)
    } catch {
      return null
    }
  },
}
