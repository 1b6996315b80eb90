/**
 * The transition plan of a contract under notice: what has to happen, by when, so the brand leaves
 * the partner cleanly on the exit date. A pure function of the contract's exit terms (documented
 * with a worked example in docs/lifecycle.md, held to it by transition-plan.test.ts).
 *
 *   noticeDay         the UTC day notice was given
 *   exitDate          noticeDay + noticeDays (set by giveNotice)
 *   transitionStart   max(noticeDay, exitDate − transitionDays): the partner's transition support
 *                     runs from here to the exit date
 *
 * Tasks, each due on a day clamped into [noticeDay, exitDate]:
 *
 *   NOTIFY             noticeDay + 2          tell the brand's teams and the partner's account manager
 *   CHOOSE_SUCCESSOR   max(noticeDay + 7, transitionStart)
 *                                             decide who runs the scope next (a new operating-model decision)
 *   FINAL_AUDIT        exitDate − max(14, audit notice days)   only when the contract grants audit rights
 *   MOVE_STOCK         exitDate − 1           only for FULFILLMENT / INVENTORY scope: the brand's stock off the partner's nodes
 *   STOP_ROUTING       exitDate               only for FULFILLMENT / INVENTORY scope: routing stops choosing the partner's nodes (automatic)
 *   DATA_HANDOVER      exitDate               records and data of the service handed back
 *   CLOSE              exitDate               the contract ends
 *
 * Tasks are ordered by due day, then in the order above.
 */

export interface TransitionTerms {
  noticeGivenAt: Date;
  exitDate: string;
  transitionDays: number;
  capabilityScope: readonly string[];
  /** Notice the brand must give before an audit, when the contract grants audit rights. */
  auditNoticeDays: number | null;
}

export type TransitionTaskCode = 'NOTIFY' | 'CHOOSE_SUCCESSOR' | 'FINAL_AUDIT' | 'MOVE_STOCK' | 'STOP_ROUTING' | 'DATA_HANDOVER' | 'CLOSE';

export interface TransitionTask {
  code: TransitionTaskCode;
  title: string;
  /** YYYY-MM-DD */
  dueOn: string;
  owner: string;
}

export interface TransitionPlan {
  noticeGivenOn: string;
  exitDate: string;
  transitionStartsOn: string;
  /** The first day routing no longer chooses the partner's nodes for the brand (the exit date), or null when the scope has no routing. */
  routingStopsOn: string | null;
  tasks: TransitionTask[];
}

/** Capabilities whose orders are routed to the partner's nodes. */
export const ROUTED_CAPABILITIES: ReadonlySet<string> = new Set(['FULFILLMENT', 'INVENTORY']);
const DAY = 86_400_000;
const ORDER: readonly TransitionTaskCode[] = ['NOTIFY', 'CHOOSE_SUCCESSOR', 'FINAL_AUDIT', 'MOVE_STOCK', 'STOP_ROUTING', 'DATA_HANDOVER', 'CLOSE'];

const task = (code: TransitionTaskCode, title: string, dueOn: string, owner: string): TransitionTask => ({ code, title, dueOn, owner });
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY));
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

export function transitionPlan(terms: TransitionTerms): TransitionPlan {
  const noticeDay = dayOf(terms.noticeGivenAt);
  const exit = maxDay(terms.exitDate, noticeDay);
  const clamp = (day: string) => minDay(maxDay(day, noticeDay), exit);
  const transitionStart = clamp(addDays(exit, -terms.transitionDays));
  const routed = terms.capabilityScope.some((c) => ROUTED_CAPABILITIES.has(c));
  const scope = terms.capabilityScope.join(', ');

  const tasks: TransitionTask[] = [
    task('NOTIFY', 'Tell the brand’s teams and the partner’s account manager that notice was given', clamp(addDays(noticeDay, 2)), 'Partner management'),
    task('CHOOSE_SUCCESSOR', `Decide who runs ${scope} after the exit: propose the operating model that follows`, clamp(maxDay(addDays(noticeDay, 7), transitionStart)), 'Portfolio office'),
  ];
  if (terms.auditNoticeDays !== null) {
    tasks.push(task('FINAL_AUDIT', 'Exercise the audit rights one last time before the exit', clamp(addDays(exit, -Math.max(14, terms.auditNoticeDays))), 'Partner management'));
  }
  if (routed) {
    tasks.push(
      task('MOVE_STOCK', 'Move the brand’s stock off the partner’s nodes', clamp(addDays(exit, -1)), 'Operations'),
      task('STOP_ROUTING', 'Routing stops choosing the partner’s nodes for the brand (automatic from this day)', exit, 'Inventory platform'),
    );
  }
  tasks.push(
    task('DATA_HANDOVER', 'Records and data of the service handed back to the brand', exit, 'Partner management'),
    task('CLOSE', 'The contract ends', exit, 'Partner management'),
  );
  tasks.sort((a, b) => (a.dueOn === b.dueOn ? ORDER.indexOf(a.code) - ORDER.indexOf(b.code) : a.dueOn < b.dueOn ? -1 : 1));
  return { noticeGivenOn: noticeDay, exitDate: exit, transitionStartsOn: transitionStart, routingStopsOn: routed ? exit : null, tasks };
}
