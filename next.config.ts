import type { NextConfig } from 'next';

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
};

export default nextConfig;
