import { fromBase32, hash32, Rng, toBase32 } from './rng';

/**
 * Job and blob ids in the real shapes (contract §5) that also name where the emulator keeps them: the workflow index, the
 * step and the item, masked and sealed with a keyed check, so they look random and a made-up id resolves to nothing.
 * This is what lets 100,000 workflows be generated on demand: an id alone finds its workflow.
 */

export interface Handle {
  workflowIndex: number;
  step: number;
  item: number;
}

const hex = (value: number, width: number) => (value >>> 0).toString(16).padStart(width, '0').slice(-width);
const BITS_30 = 0x3fffffff;

export class HandleCodec {
  constructor(private readonly secret: string) {}

  private hexSeal(kind: string, h: Handle, length: number): string {
    let out = '';
    for (let round = 0; out.length < length; round += 1) out += hex(hash32(this.secret, kind, round, h.workflowIndex, h.step, h.item), 8);
    return out.slice(0, length);
  }

  /** Keyed masks drawn from the seal, which travels in the id: decoding reads the seal, unmasks, then re-checks. */
  private masks(kind: string, seal: string): [number, number] {
    return [hash32(this.secret, kind, 'mask-a', seal), hash32(this.secret, kind, 'mask-b', seal)];
  }

  /** 12 hex digits of payload (index, step, item) followed by the seal. */
  private hexId(kind: string, h: Handle, sealLength: number): string {
    const seal = this.hexSeal(kind, h, sealLength);
    const [a, b] = this.masks(kind, seal);
    return `${hex(h.workflowIndex ^ a, 8)}${hex(((h.step << 8) | h.item) ^ b, 4)}${seal}`;
  }

  private fromHexId(kind: string, body: string): Handle {
    const [a, b] = this.masks(kind, body.slice(12));
    const packed = (parseInt(body.slice(8, 12), 16) ^ b) & 0xffff;
    return { workflowIndex: (parseInt(body.slice(0, 8), 16) ^ a) >>> 0, step: packed >> 8, item: packed & 0xff };
  }

  /** A v4-looking uuid. */
  jobId(h: Handle): string {
    const body = this.hexId('job', h, 18);
    const variant = '89ab'[parseInt(body[29] as string, 16) % 4];
    const full = `${body.slice(0, 12)}4${body.slice(12, 15)}${variant}${body.slice(15, 30)}`;
    return `${full.slice(0, 8)}-${full.slice(8, 12)}-${full.slice(12, 16)}-${full.slice(16, 20)}-${full.slice(20, 32)}`;
  }

  /** The 2024 form: 64 upper-case hex digits. */
  legacyJobId(h: Handle): string {
    return this.hexId('legacy-job', h, 52).toUpperCase();
  }

  decodeJobId(id: string): Handle | undefined {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) {
      const full = id.replace(/-/g, '');
      const h = this.fromHexId('job', `${full.slice(0, 12)}${full.slice(13, 16)}${full.slice(17)}`);
      return this.jobId(h) === id ? h : undefined;
    }
    if (/^[0-9A-F]{64}$/.test(id)) {
      const h = this.fromHexId('legacy-job', id.toLowerCase());
      return this.legacyJobId(h) === id ? h : undefined;
    }
    return undefined;
  }

  /** `JNFDW54JNTATNW42HACYCWSQP0.jpeg`: 26 Crockford base32 characters (a time prefix, like a ULID) plus the extension. */
  blobId(h: Handle, timeMs: number, extension: string): string {
    const seal = toBase32(hash32(this.secret, 'blob', h.workflowIndex, h.step, h.item) & BITS_30, 6);
    const [a, b] = this.masks('blob', seal);
    const payload = `${toBase32((h.workflowIndex ^ a) & BITS_30, 6)}${toBase32(((h.step << 10) | h.item) ^ (b & 0x7fff), 3)}`;
    return `${toBase32(timeMs, 10)}${payload}${seal}0.${extension}`;
  }

  legacyBlobKey(h: Handle): string {
    return this.hexId('legacy-blob', h, 52).toUpperCase();
  }

  /** `customcomfy-<session>-asset-<file>`; the session names the workflow. */
  customComfyBlobId(workflowIndex: number, file: string): string {
    const seal = toBase32(hash32(this.secret, 'comfy', workflowIndex) & BITS_30, 6);
    return `customcomfy-${toBase32((workflowIndex ^ this.masks('comfy', seal)[0]) & BITS_30, 6)}${seal}-asset-${file}`;
  }

  /** The workflow a blob id belongs to, or undefined for an id this emulator never issued. */
  decodeBlobWorkflow(id: string): number | undefined {
    let match = /^([0-9A-Z]{10})([0-9A-Z]{6})([0-9A-Z]{3})([0-9A-Z]{6})0\.([a-z0-9]{2,5})$/.exec(id);
    if (match) {
      const seal = match[4] as string;
      const [a, b] = this.masks('blob', seal);
      const packed = ((fromBase32(match[3] as string) ?? 0) ^ (b & 0x7fff)) & 0x7fff;
      const h = { workflowIndex: ((fromBase32(match[2] as string) ?? 0) ^ a) & BITS_30, step: packed >> 10, item: packed & 0x3ff };
      return this.blobId(h, fromBase32(match[1] as string) ?? 0, match[5] as string) === id ? h.workflowIndex : undefined;
    }
    if (/^[0-9A-F]{64}$/.test(id)) {
      const h = this.fromHexId('legacy-blob', id.toLowerCase());
      return this.legacyBlobKey(h) === id ? h.workflowIndex : undefined;
    }
    match = /^customcomfy-([0-9A-Z]{6})([0-9A-Z]{6})-asset-(.+)$/.exec(id);
    if (match) {
      const workflowIndex = ((fromBase32(match[1] as string) ?? 0) ^ this.masks('comfy', match[2] as string)[0]) & BITS_30;
      return this.customComfyBlobId(workflowIndex, match[3] as string) === id ? workflowIndex : undefined;
    }
    return undefined;
  }

  /** The signed-URL `sig`: shaped like ASP.NET Data Protection output (`CfDJ8…`, URL-safe base64). */
  signature(blobId: string, exp: string): string {
    const rng = new Rng(this.secret, 'sig', blobId, exp);
    const bytes = Buffer.alloc(87);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = rng.int(0, 255);
    return `CfDJ8${bytes.toString('base64url')}`;
  }

  /** The opaque token of `/content/{token}` and `/blocked/{token}`: the blob id, sealed, not guessable. */
  contentToken(kind: 'content' | 'blocked', blobId: string): string {
    const seal = [0, 1, 2, 3].map((round) => hex(hash32(this.secret, kind, round, blobId), 8)).join('');
    return `${Buffer.from(blobId).toString('base64url')}.${seal}`;
  }

  openContentToken(kind: 'content' | 'blocked', token: string): string | undefined {
    const [encoded = '', seal] = token.split('.');
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(encoded)) return undefined;
    const blobId = Buffer.from(encoded, 'base64url').toString();
    return this.contentToken(kind, blobId) === `${encoded}.${seal}` ? blobId : undefined;
  }
}
