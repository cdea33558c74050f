/**
 * Mantine's charts, loaded when the first chart is drawn: they carry recharts and d3, about
 * 130 KiB compressed, which the assessment page does not need for what is on the first screen
 * (issue 22). The charts draw inside NearScreen (ChartFigure), so they load as they near view.
 */
import { lazy } from 'react';

const charts = () => import('@mantine/charts');

export const BarChart = lazy(async () => ({ default: (await charts()).BarChart }));
export const LineChart = lazy(async () => ({ default: (await charts()).LineChart }));
