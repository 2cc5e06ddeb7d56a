/**
 * The user's wish for less motion (the system's "reduce motion" setting, CSS
 * `prefers-reduced-motion: reduce`), kept current when it changes. With it, Ant Design's motion
 * is off (theme token `motion: false`): menus, dialogs, drawers and messages appear and go at once
 * instead of sliding and zooming.
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function media(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : null;
}

function subscribe(onChange: () => void): () => void {
  const m = media();
  if (!m) return () => undefined;
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
}

const reduced = () => media()?.matches ?? false;

/** True while the user asks for reduced motion. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reduced, () => false);
}
