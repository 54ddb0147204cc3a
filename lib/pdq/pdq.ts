/**
 * PDQ, Meta's 256-bit perceptual image hash, as published with the ThreatExchange reference implementation:
 * luminance → two passes of Jarosz box filters → 64×64 by decimation → the 16×16 lowest non-DC frequencies of its
 * DCT → one bit per coefficient, set when it is above the median. Pure arithmetic on typed arrays; decoding is
 * ./image.ts's job.
 */
import { bytesToHex, hashFromCoefficients } from './hash256';

const BUFFER_SIDE = 64;
const DCT_SIDE = 16;
const JAROSZ_PASSES = 2;
// ITU-R BT.601 luma, as the reference.
const LUMA_RED = 0.299;
const LUMA_GREEN = 0.587;
const LUMA_BLUE = 0.114;

export type PdqResult = {
  /** 64 hex characters, as the reference prints it. */
  hash: string;
  /** 0–100: how much detail the image has; hashes of flat images (quality under about 50) match too easily. */
  quality: number;
  /** The 16×16 DCT block, row-major, that the hash thresholds; the dihedral variants are computed from it. */
  coefficients: Float64Array;
};

/** 16×64: row i is the DCT-II basis of frequency i + 1 (the DC row is skipped), scaled by sqrt(2/64). */
const DCT_MATRIX = (() => {
  const matrix = new Float64Array(DCT_SIDE * BUFFER_SIDE);
  const scale = Math.sqrt(2 / BUFFER_SIDE);
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let j = 0; j < BUFFER_SIDE; j++) {
      matrix[i * BUFFER_SIDE + j] = scale * Math.cos((Math.PI / (2 * BUFFER_SIDE)) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** Hash interleaved 8-bit pixels (3 channels RGB, or 1 channel grey) of a width × height image. */
export function pdqFromPixels(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): PdqResult {
  if (width < 1 || height < 1) throw new Error(`cannot hash an empty image (${width}×${height})`);
  if (pixels.length < width * height * channels) throw new Error(`pixel buffer too short for ${width}×${height}×${channels}`);
  const luma = new Float64Array(width * height);
  if (channels === 1) {
    for (let i = 0; i < luma.length; i++) luma[i] = pixels[i]!;
  } else {
    for (let i = 0, p = 0; i < luma.length; i++, p += 3) {
      luma[i] = LUMA_RED * pixels[p]! + LUMA_GREEN * pixels[p + 1]! + LUMA_BLUE * pixels[p + 2]!;
    }
  }
  return pdqFromLuma(luma, width, height);
}

/** Hash a luminance image (row-major, 0–255). The buffer is used as scratch space and overwritten. */
export function pdqFromLuma(luma: Float64Array, width: number, height: number): PdqResult {
  jaroszFilter(luma, width, height);
  const buffer64 = decimate(luma, width, height);
  const coefficients = dct16(buffer64);
  return { hash: bytesToHex(hashFromCoefficients(coefficients)), quality: quality(buffer64), coefficients };
}

/** Window of the box filter along a dimension: about the size of one of the 64 output cells, halved and rounded up. */
function jaroszWindow(dimension: number): number {
  return Math.floor((dimension + 2 * BUFFER_SIDE - 1) / (2 * BUFFER_SIDE));
}

/** Repeated box filters approximate a Gaussian blur (Jarosz), so decimating to 64×64 afterwards does not alias. */
function jaroszFilter(luma: Float64Array, width: number, height: number): void {
  const scratch = new Float64Array(luma.length);
  const windowAlongRows = jaroszWindow(width);
  const windowAlongColumns = jaroszWindow(height);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let row = 0; row < height; row++) box1d(luma, scratch, row * width, width, 1, windowAlongRows);
    for (let column = 0; column < width; column++) box1d(scratch, luma, column, height, width, windowAlongColumns);
  }
}

/**
 * Moving average of `length` values from `start` every `stride`, window centred (its larger half ahead), shrinking
 * at both ends instead of padding, in one running sum.
 */
function box1d(input: Float64Array, output: Float64Array, start: number, length: number, stride: number, window: number): void {
  const half = (window + 2) >> 1;
  const end = start + length * stride;
  let sum = 0;
  let count = 0;
  let read = start;
  let drop = start;
  let write = start;
  // Fill the leading half window without writing.
  for (let i = 0; i < half - 1 && read < end; i++, read += stride) {
    sum += input[read]!;
    count++;
  }
  while (write < end) {
    if (read < end) {
      sum += input[read]!;
      read += stride;
      if (count < window) count++;
      else {
        sum -= input[drop]!;
        drop += stride;
      }
    } else {
      sum -= input[drop]!;
      drop += stride;
      count--;
    }
    output[write] = sum / count;
    write += stride;
  }
}

/** Sample the centre of each of 64×64 cells (the blur before it has already averaged the cell). */
function decimate(luma: Float64Array, width: number, height: number): Float64Array {
  const buffer = new Float64Array(BUFFER_SIDE * BUFFER_SIDE);
  for (let i = 0; i < BUFFER_SIDE; i++) {
    const row = Math.floor(((i + 0.5) * height) / BUFFER_SIDE) * width;
    for (let j = 0; j < BUFFER_SIDE; j++) {
      buffer[i * BUFFER_SIDE + j] = luma[row + Math.floor(((j + 0.5) * width) / BUFFER_SIDE)]!;
    }
  }
  return buffer;
}

/** D · A · Dᵀ: the 16×16 block of low frequencies of the 64×64 image A, in two matrix products. */
function dct16(buffer64: Float64Array): Float64Array {
  const partial = new Float64Array(DCT_SIDE * BUFFER_SIDE);
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let k = 0; k < BUFFER_SIDE; k++) {
      const weight = DCT_MATRIX[i * BUFFER_SIDE + k]!;
      const inputRow = k * BUFFER_SIDE;
      const outputRow = i * BUFFER_SIDE;
      for (let j = 0; j < BUFFER_SIDE; j++) partial[outputRow + j]! += weight * buffer64[inputRow + j]!;
    }
  }
  const block = new Float64Array(DCT_SIDE * DCT_SIDE);
  for (let i = 0; i < DCT_SIDE; i++) {
    for (let j = 0; j < DCT_SIDE; j++) {
      let sum = 0;
      for (let k = 0; k < BUFFER_SIDE; k++) sum += partial[i * BUFFER_SIDE + k]! * DCT_MATRIX[j * BUFFER_SIDE + k]!;
      block[i * DCT_SIDE + j] = sum;
    }
  }
  return block;
}

/**
 * The reference's image-domain quality: the sum of neighbour differences over the 64×64 buffer, each in whole
 * percent of the 0–255 range (truncated), divided by 90 and capped at 100.
 */
function quality(buffer64: Float64Array): number {
  let gradientSum = 0;
  for (let i = 0; i < BUFFER_SIDE; i++) {
    for (let j = 0; j < BUFFER_SIDE; j++) {
      const here = buffer64[i * BUFFER_SIDE + j]!;
      if (i + 1 < BUFFER_SIDE) gradientSum += Math.abs(Math.trunc(((here - buffer64[(i + 1) * BUFFER_SIDE + j]!) * 100) / 255));
      if (j + 1 < BUFFER_SIDE) gradientSum += Math.abs(Math.trunc(((here - buffer64[i * BUFFER_SIDE + j + 1]!) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}
