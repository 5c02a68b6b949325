// Numbers and dates in the reader's locale, each through one formatter made when the page loads.
// Number.prototype.toLocaleString and Date.prototype.toLocaleString build a new Intl formatter on every
// call, and the first one in a page loads the locale's data: up to 80 ms on a software-rendered machine,
// measured inside the click that reopens a history run (its legend and summary format a dozen counts).
const numbers = new Intl.NumberFormat();
// The fields Date.prototype.toLocaleString shows.
const dates = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** 30000 → "30,000" (in the reader's locale). */
export const formatCount = (n: number): string => numbers.format(n);

/** A timestamp as the reader's locale writes a date and time. */
export const formatDateTime = (ms: number): string => dates.format(ms);
