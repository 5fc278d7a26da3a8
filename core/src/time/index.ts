export { autoInterval, formatInterval, NICE_INTERVALS, parseInterval, type TimeInterval } from './auto-interval.ts';
export {
  DAY_ALTERNATION,
  digits2,
  digits4,
  expandYear,
  fixedOffsetMinutes,
  fractionMs,
  ianaOffsetMinutes,
  inferYearEpoch,
  isoOrUndefined,
  isValidZone,
  MONTH_ALTERNATION,
  monthIndex,
  type ParsedTime,
  wallToEpoch,
} from './calendar.ts';
export {
  type DateMathUnit,
  isRelativeTime,
  type ParseTimeOptions,
  parseTime,
  resolveTimeRange,
  type TimeRange,
  type TimeZoneMode,
} from './parse-time.ts';
