import { NextResponse } from 'next/server';

/** Liveness only: says nothing about the upstream or the data (that is /api/status, behind sign-in). */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
