/**
 * Screen sizes the layout adapts to, from Ant Design's breakpoints (Grid.useBreakpoint): below
 * `md` (768 px) tables become lists of cards and the document's actions sit in a bar at the bottom
 * of the screen; below `lg` (992 px) the header's menu collapses into a drawer. Styles that need
 * no JavaScript use the same widths in styles.css.
 */
import { Grid } from 'antd';

/** Ant Design's widths (px) of the breakpoints used here. */
export const MD = 768;
export const LG = 992;

/** On the first render Grid.useBreakpoint has not measured yet: ask the browser directly. */
function matches(minWidth: number): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(`(min-width: ${minWidth}px)`).matches : true;
}

/** A phone (or a narrow window): lists instead of tables, the sticky action bar. */
export function useNarrow(): boolean {
  const screens = Grid.useBreakpoint();
  return !(screens.md ?? matches(MD));
}

/** Too narrow for the header's links in a row: they go into the menu drawer. */
export function useCompactHeader(): boolean {
  const screens = Grid.useBreakpoint();
  return !(screens.lg ?? matches(LG));
}
