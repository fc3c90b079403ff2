/**
 * @module
 * Just enough of a PNG decoder to check a screenshot: 8-bit RGB or RGBA, not interlaced (what
 * Chromium writes).
 */
import { inflateSync } from 'node:zlib'

export interface Pixels {
  readonly width: number
  readonly height: number
  /** `[r, g, b]` of the pixel at (x, y). */
  at(x: number, y: number): [number, number, number]
}

const SIGNATURE = '89504e470d0a1a0a'

/** Decode `png`; throws on anything but 8-bit RGB/RGBA without interlacing. */
export function decodePng(png: Uint8Array): Pixels {
  const data = Buffer.from(png)
  if (data.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG')
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at)
    const type = data.toString('latin1', at + 4, at + 8)
    const chunk = data.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0)
      height = chunk.readUInt32BE(4)
      const [depth, colour, , , interlace] = chunk.subarray(8, 13)
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`)
      }
      channels = colour === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(chunk)
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0
      const predictor =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c)
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff
    }
  }
  return {
    width,
    height,
    at: (x, y) => {
      const i = Math.floor(y) * stride + Math.floor(x) * channels
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!]
    },
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** How many distinct colours a grid of `samples` x `samples` points finds. */
export function distinctColours(pixels: Pixels, samples = 40): number {
  const seen = new Set<string>()
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < samples; j++) {
      seen.add(pixels.at(((i + 0.5) * pixels.width) / samples, ((j + 0.5) * pixels.height) / samples).join())
    }
  }
  return seen.size
}
