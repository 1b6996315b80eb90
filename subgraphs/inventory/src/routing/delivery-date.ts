/** The UTC calendar day of an instant, YYYY-MM-DD: what usage rows are keyed by and dates are promised as. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The day an order planned at `now` is promised for: the plan's delivery days later, as a UTC calendar day. */
export function promisedDeliveryDate(now: Date, deliveryDays: number): string {
  return utcDay(new Date(now.getTime() + deliveryDays * 86_400_000));
}
