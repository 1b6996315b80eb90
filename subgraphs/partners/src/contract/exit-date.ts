/** The day a contract ends after notice given at `noticeGivenAt`: its notice days later, as a UTC calendar day. */
export function exitDateAfterNotice(noticeGivenAt: Date, noticeDays: number): string {
  return new Date(noticeGivenAt.getTime() + noticeDays * 86_400_000).toISOString().slice(0, 10);
}
