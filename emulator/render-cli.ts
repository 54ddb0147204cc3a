/** Renders one blob's content bytes to stdout; MediaCache.contentSync runs it as a child process. */
import { renderContent, type MediaSpec } from './media';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MediaSpec;
process.stdout.write(await renderContent(spec));
