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

/** Hash interleaved 8-bit RGB pixels of a width × height image. */
export function pdqFromRgb(pixels: Uint8Array, width: number, height: number): PdqResult {
  return pdqFromLuma(lumaFromRgb(pixels, width, height), width, height);
}

/** Luminance of interleaved 8-bit RGB pixels, row-major. */
export function lumaFromRgb(pixels: Uint8Array, width: number, height: number): Float64Array {
  if (width < 1 || height < 1) throw new Error(`cannot hash an empty image (${width}×${height})`);
  if (pixels.length !== width * height * 3) throw new Error(`expected ${width}×${height} RGB pixels, got ${pixels.length} bytes`);
  const luma = new Float64Array(width * height);
  for (let i = 0, p = 0; i < luma.length; i++, p += 3) {
    luma[i] = LUMA_RED * pixels[p]! + LUMA_GREEN * pixels[p + 1]! + LUMA_BLUE * pixels[p + 2]!;
  }
  return luma;
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
  const alongRows = boxSchedule(width, jaroszWindow(width));
  const alongColumns = boxSchedule(height, jaroszWindow(height));
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    boxAlongRows(luma, scratch, width, height, alongRows);
    boxAlongColumns(scratch, luma, width, height, alongColumns);
  }
}

/**
 * The reference's moving average over a line: a window centred on each output (its larger half ahead) that shrinks at
 * both ends instead of padding, kept as one running sum. For output o the sum gains input add[o] (none when -1), then
 * loses input drop[o] (none when -1), and is divided by count[o]. Worked out once per line length, so both passes
 * share it and the column pass can run along rows, in memory order.
 */
type BoxSchedule = {
  add: Int32Array;
  drop: Int32Array;
  count: Float64Array;
  /** Inputs summed before the first output. */
  preload: number;
  window: number;
  /** Outputs fullStart..fullEnd - 1 both add and drop (the window is full). */
  fullStart: number;
  fullEnd: number;
};

function boxSchedule(length: number, window: number): BoxSchedule {
  const preload = Math.min(length, ((window + 2) >> 1) - 1);
  const add = new Int32Array(length).fill(-1);
  const drop = new Int32Array(length).fill(-1);
  const count = new Float64Array(length);
  let read = preload;
  let dropped = 0;
  let inWindow = preload;
  for (let output = 0; output < length; output++) {
    if (read < length) {
      add[output] = read++;
      if (inWindow < window) inWindow++;
      else drop[output] = dropped++;
    } else {
      drop[output] = dropped++;
      inWindow--;
    }
    count[output] = inWindow;
  }
  const firstDrop = drop.findIndex((index) => index >= 0);
  const fullStart = firstDrop < 0 ? length : firstDrop;
  const fullEnd = Math.max(fullStart, add.findLastIndex((index) => index >= 0) + 1);
  return { add, drop, count, preload, window, fullStart, fullEnd };
}

function boxAlongRows(input: Float64Array, output: Float64Array, width: number, height: number, schedule: BoxSchedule): void {
  const { preload, fullStart, fullEnd, window } = schedule;
  for (let rowStart = 0; rowStart < width * height; rowStart += width) {
    let sum = 0;
    for (let i = 0; i < preload; i++) sum += input[rowStart + i]!;
    sum = boxRowSpan(input, output, rowStart, 0, fullStart, schedule, sum);
    // The full-window outputs, most of the row: adds input x + preload, drops the one a window behind it.
    for (let x = fullStart, ahead = rowStart + fullStart + preload; x < fullEnd; x++, ahead++) {
      sum = sum + input[ahead]! - input[ahead - window]!;
      output[rowStart + x] = sum / window;
    }
    boxRowSpan(input, output, rowStart, fullEnd, width, schedule, sum);
  }
}

/** Outputs from..to of one row by the schedule (the growing and shrinking windows at the ends); returns the sum. */
function boxRowSpan(input: Float64Array, output: Float64Array, rowStart: number, from: number, to: number, schedule: BoxSchedule, sum: number): number {
  const { add, drop, count } = schedule;
  for (let x = from; x < to; x++) {
    if (add[x]! >= 0) sum += input[rowStart + add[x]!]!;
    if (drop[x]! >= 0) sum -= input[rowStart + drop[x]!]!;
    output[rowStart + x] = sum / count[x]!;
  }
  return sum;
}

function boxAlongColumns(input: Float64Array, output: Float64Array, width: number, height: number, schedule: BoxSchedule): void {
  const { add, drop, count, preload } = schedule;
  const sums = new Float64Array(width);
  for (let y = 0; y < preload; y++) addRow(sums, input, y * width, 1);
  for (let y = 0; y < height; y++) {
    const addRowStart = add[y]! * width;
    const dropRowStart = drop[y]! * width;
    const outputRow = y * width;
    const rowCount = count[y]!;
    if (addRowStart >= 0 && dropRowStart >= 0) {
      // The full-window rows, most of the image: one sweep.
      for (let x = 0; x < width; x++) {
        const sum = sums[x]! + input[addRowStart + x]! - input[dropRowStart + x]!;
        sums[x] = sum;
        output[outputRow + x] = sum / rowCount;
      }
      continue;
    }
    if (addRowStart >= 0) addRow(sums, input, addRowStart, 1);
    if (dropRowStart >= 0) addRow(sums, input, dropRowStart, -1);
    for (let x = 0; x < width; x++) output[outputRow + x] = sums[x]! / rowCount;
  }
}

function addRow(sums: Float64Array, input: Float64Array, rowStart: number, sign: 1 | -1): void {
  for (let x = 0; x < sums.length; x++) sums[x]! += sign * input[rowStart + x]!;
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
