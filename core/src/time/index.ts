export { autoInterval, formatInterval, NICE_INTERVALS, parseInterval, type TimeInterval } from './auto-interval.ts';
export {
  type DateMathUnit,
  isRelativeTime,
  type ParseTimeOptions,
  parseTime,
  type TimeZoneMode,
} from './parse-time.ts';
