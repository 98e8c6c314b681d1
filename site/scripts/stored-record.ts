// A small record the reader chose to let this browser keep, in localStorage: read as {} when it
// is missing, unreadable or storage is refused (private mode), and removed altogether once empty,
// so that nothing of it is left behind.

export function readRecord<T>(name: string): Record<string, T> {
  try {
    return JSON.parse(localStorage.getItem(name) ?? '{}') as Record<string, T>;
  } catch {
    return {};
  }
}

export function writeRecord<T>(name: string, record: Record<string, T>): void {
  try {
    if (Object.keys(record).length === 0) localStorage.removeItem(name);
    else localStorage.setItem(name, JSON.stringify(record));
  } catch {
    // Private mode or storage full: nothing is kept; the page still works without it.
  }
}
