import { clsx, type ClassValue } from 'clsx';

/**
 * Joins class names (falsy parts dropped). It does not resolve conflicts: two utilities for one property are a bug
 * here, so a component offers a prop or variant for what a caller may change instead of an overriding class.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
