/** How much of a node's daily capacity its reserved units take, 0–1 and beyond when overbooked, to 4 places; a node with no capacity is full. */
export function utilisationOf(unitsReserved: number, dailyCapacity: number): number {
  return dailyCapacity > 0 ? Math.round((unitsReserved / dailyCapacity) * 10_000) / 10_000 : 1;
}
