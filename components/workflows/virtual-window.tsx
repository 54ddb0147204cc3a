'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, type RefObject } from 'react';

/**
 * The workflows list's virtualiser, in a chunk of its own: the table shows its server-rendered first rows until this
 * arrives, then positions the same row elements by what this reports (so a focused row keeps its focus).
 */

export interface RowWindow {
  /** The rows to render, each with its offset from the top of the list. */
  items: { index: number; start: number }[];
  totalSize: number;
}

export interface WindowControls {
  scrollToIndex: (index: number) => void;
}

export interface VirtualWindowProps {
  count: number;
  rowHeight: number;
  overscan: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  initialOffset: () => number;
  onWindow: (window: RowWindow) => void;
  controls: RefObject<WindowControls | null>;
}

export default function VirtualWindow({ count, rowHeight, overscan, scrollRef, initialOffset, onWindow, controls }: VirtualWindowProps) {
  // The virtualiser's methods read live scroll state; the compiler's memoisation must not cache them (it skips this component).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    initialOffset,
  });
  const items = virtualizer.getVirtualItems();
  const totalSize = virtualizer.getTotalSize();
  const signature = `${totalSize}:${items.map((item) => `${item.index}@${item.start}`).join(',')}`;

  useLayoutEffect(() => {
    controls.current = { scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }) };
    return () => {
      controls.current = null;
    };
  }, [controls, virtualizer]);

  // Reported only when the window moved: the table re-renders its rows before the browser paints.
  useLayoutEffect(() => {
    onWindow({ items: items.map(({ index, start }) => ({ index, start })), totalSize });
    // `signature` stands for items and totalSize.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, onWindow]);

  return null;
}
