import type { ReactNode } from 'react';
import type { GraphQLError } from './graphql';

/** Errors a person can act on, announced to screen readers. */
export function Problems({ errors }: { errors: GraphQLError[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert" className="problems">
      {errors.map((e, i) => (
        <p key={i}>
          {e.extensions?.code ? <code>{e.extensions.code}</code> : null} {e.message}
        </p>
      ))}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Page({ title, intro, children, actions }: { title: string; intro?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">{title}</h1>
          {intro ? <p className="intro">{intro}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Panel({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-title`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** The four operating models, each with its own colour (and its name, never colour alone). */
export const MODELS = ['OPERATE', 'ORCHESTRATE', 'FEDERATE', 'PARTNER'] as const;

export function ModelBadge({ model, title }: { model?: string | null; title?: string }) {
  if (!model) return <span className="model model-none">—</span>;
  return (
    <span className={`model model-${model.toLowerCase()}`} title={title}>
      {model.charAt(0) + model.slice(1).toLowerCase()}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase().replace(/_/g, '-')}`}>{status.replace(/_/g, ' ').toLowerCase()}</span>;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function When({ at, dateOnly: onlyDate }: { at?: string | null; dateOnly?: boolean }) {
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return <time dateTime={at}>{(onlyDate ? dateOnly : dateTime).format(date)}{onlyDate ? '' : ' UTC'}</time>;
}

export function money(amount: number | null | undefined, currency = 'EUR'): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
}

export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return `${(value * 100).toFixed(digits)} %`;
}

/** The current month as "YYYY-MM" (UTC), and the one before. */
export function month(offset = 0): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
