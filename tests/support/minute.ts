// Rate-limit windows end on the clock (a minute's window at the minute's end), so that a window's
// end says nothing of when a reader first wrote. A burst of requests against a real server, whose
// clock a test cannot set, would count in two windows if it began in a minute's last seconds: it
// waits for the next minute instead.
export async function inAFreshMinute(seconds = 30): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - seconds * 1000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
}
