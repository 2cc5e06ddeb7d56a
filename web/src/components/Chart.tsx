/**
 * An ECharts chart (echarts-for-react) that follows the reduce-motion setting (lib/motion.ts): it
 * is drawn at once, without ECharts' entry and update animations, while the user asks for reduced
 * motion.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsReactProps } from 'echarts-for-react/esm/types';
import { useMemo } from 'react';
import { useReducedMotion } from '../lib/motion';

export function Chart(props: EChartsReactProps) {
  const still = useReducedMotion();
  const option = useMemo(() => (still ? { ...props.option, animation: false } : props.option), [props.option, still]);
  return <ReactEChartsCore {...props} option={option} />;
}
