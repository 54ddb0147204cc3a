import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Orchestration Review Console', template: '%s · Review Console' },
  description: 'Trust-and-safety review of AI generations on the Civitai Orchestration API',
  referrer: 'no-referrer',
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request so Next puts the CSP nonce on its scripts (a prerendered page would have none).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
