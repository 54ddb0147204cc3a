import type { NextConfig } from 'next';
import { API_SECURITY_HEADERS, STATIC_SECURITY_HEADERS } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // A separate build folder lets the benchmark and parallel test runs build without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships 15 MB of wasm that must not be copied into the public static folder; sharp is native.
  serverExternalPackages: ['@electric-sql/pglite', 'sharp'],
  images: { unoptimized: true },
  // forbidden() in requirePageRole answers a too-low role with HTTP 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // On every response the console serves, static assets and Next's own answers included; the per-request CSP
  // (a nonce) is set by proxy.ts, and media routes add their own sandboxing headers.
  async headers() {
    const asList = (headers: Readonly<Record<string, string>>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
    return [
      { source: '/:path*', headers: asList(STATIC_SECURITY_HEADERS) },
      // API answers are data, never a document: nothing may load or run in one. Media answers set their own sandbox.
      { source: '/api/:path((?!media/).*)', headers: asList(API_SECURITY_HEADERS) },
    ];
  },
};

export default nextConfig;
