// Times as the window writes them, worked out from instants the backend reports, so a test can
// say exactly what the screen must show at the test clock's instant.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The desk's zone in the tests (the desk default). */
export const DESK_ZONE = 'Asia/Shanghai';

/** An instant's wall time in `zone`: `{ date: 'YYYY-MM-DD', time: 'HH:mm' }`. */
export function wallTime(instant, zone = DESK_ZONE) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** `YYYY-MM-DD HH:mm` in the desk's zone. */
export function deskDateTime(instant, zone = DESK_ZONE) {
  const { date, time } = wallTime(instant, zone);
  return `${date} ${time}`;
}

/** A due instant the way the window writes it: midnight is 24:00 of the day before. */
export function dueText(instant, zone = DESK_ZONE) {
  const { time } = wallTime(instant, zone);
  if (time === '00:00') return `${wallTime(new Date(instant).getTime() - MINUTE_MS, zone).date} 24:00`;
  return deskDateTime(instant, zone);
}

/** A span as the window says it: `2 天 3 小时`, `5 小时 10 分钟`, `45 分钟`, `不到 1 分钟`. */
export function spanText(ms) {
  const minutes = Math.floor(Math.abs(ms) / MINUTE_MS);
  if (minutes < 1) return '不到 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return mins > 0 ? `${hours} 小时 ${mins} 分钟` : `${hours} 小时`;
  return `${mins} 分钟`;
}

/** The 剩余 column: `剩余 …` before the due time, `已超时 …` after. */
export function leftText(ms) {
  return ms >= 0 ? `剩余 ${spanText(ms)}` : `已超时 ${spanText(ms)}`;
}
