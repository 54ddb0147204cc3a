'use client';

import { useState } from 'react';

/** True from the first render where `value` is true, for good: mount a lazily loaded part once it is first wanted. */
export function useLatched(value: boolean): boolean {
  const [latched, setLatched] = useState(value);
  if (value && !latched) setLatched(true);
  return latched || value;
}
