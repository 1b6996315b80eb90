import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, notFound, trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { SharedServiceEntity } from './shared-service.entity';
import type { SharedServiceChanges, SharedServiceInput } from './shared-service.type';

/** Finds a capability's id by its code (the brands subgraph owns capabilities); null if there is none. */
export type CapabilityLookup = (code: string) => Promise<string | null>;

const CODE = /^[a-z][a-z0-9-]{1,62}$/;
const SUBGRAPH = /^[a-z][a-z0-9-]{0,62}$/;

/** The fields of a service as stored, checked: anything out of range is BAD_USER_INPUT naming it. */
type Fields = Omit<SharedServiceEntity, 'id' | 'code' | 'createdAt' | 'updatedAt'>;

function checked(fields: Fields): Fields {
  if (!fields.name.trim()) throw badInput('name', 'is required');
  if (fields.subgraphs.length === 0 || fields.subgraphs.some((s) => !SUBGRAPH.test(s))) throw badInput('subgraphs', 'name at least one subgraph, each lower-case letters, digits and dashes');
  if (!fields.ownerTeam.trim()) throw badInput('ownerTeam', 'is required');
  if (!Number.isInteger(fields.sloP99Ms) || fields.sloP99Ms < 1 || fields.sloP99Ms > 600_000) throw badInput('slo.p99Ms', 'must be a whole number of ms between 1 and 600000');
  if (!(fields.sloErrorRate > 0 && fields.sloErrorRate < 1)) throw badInput('slo.errorRate', 'must be between 0 and 1 (exclusive), e.g. 0.001 for 99.9 %');
  if (!Number.isFinite(fields.monthlyCost) || fields.monthlyCost < 0 || fields.monthlyCost > 1e11 || Math.round(fields.monthlyCost * 100) !== Math.round(fields.monthlyCost * 100 * 1e6) / 1e6) {
    throw badInput('monthlyCost', 'must be an amount ≥ 0 with at most two decimals');
  }
  if (!/^[A-Z]{3}$/.test(fields.currency)) throw badInput('currency', 'must be an ISO 4217 code, e.g. EUR');
  return {
    ...fields,
    name: fields.name.trim(),
    ownerTeam: fields.ownerTeam.trim(),
    subgraphs: [...new Set(fields.subgraphs)].sort(),
  };
}

async function capabilityId(lookup: CapabilityLookup, code: string): Promise<string> {
  const id = await lookup(code);
  if (!id) throw notFound(`Capability "${code}"`);
  return id;
}

const view = (s: SharedServiceEntity) => ({
  name: s.name,
  capability: s.capabilityCode,
  subgraphs: s.subgraphs,
  ownerTeam: s.ownerTeam,
  slo: { p99Ms: s.sloP99Ms, errorRate: s.sloErrorRate },
  monthlyCost: s.monthlyCost,
  currency: s.currency,
  roadmap: s.roadmap,
});

export async function defineSharedService(
  dataSource: DataSource,
  context: AuditContext,
  lookup: CapabilityLookup,
  input: SharedServiceInput,
  reasonGiven: string,
): Promise<SharedServiceEntity> {
  const reason = requireReason(reasonGiven);
  if (!CODE.test(input.code)) throw badInput('code', 'must be lower-case letters, digits and dashes (2–63), starting with a letter');
  const fields = checked({
    name: input.name,
    capabilityCode: input.capability,
    capabilityId: await capabilityId(lookup, input.capability),
    subgraphs: input.subgraphs,
    ownerTeam: input.ownerTeam,
    sloP99Ms: input.slo.p99Ms,
    sloErrorRate: input.slo.errorRate,
    monthlyCost: input.monthlyCost,
    currency: input.currency,
    roadmap: input.roadmap ?? '',
  });
  return audited(dataSource, context, async ({ manager, record }) => {
    if (await manager.existsBy(SharedServiceEntity, { code: input.code })) throw badInput('code', `a shared service "${input.code}" exists already; change it with updateSharedService`);
    const now = new Date();
    const service = Object.assign(new SharedServiceEntity(), { id: randomUUID(), code: input.code, ...fields, createdAt: now, updatedAt: now });
    await manager.insert(SharedServiceEntity, service);
    record({ subject: { type: 'SharedService', id: service.id, capability: service.capabilityCode }, after: { code: service.code, ...view(service) }, reason });
    return service;
  });
}

export async function updateSharedService(
  dataSource: DataSource,
  context: AuditContext,
  lookup: CapabilityLookup,
  code: string,
  changes: SharedServiceChanges,
  reasonGiven: string,
): Promise<SharedServiceEntity> {
  const reason = requireReason(reasonGiven);
  const capability = changes.capability === undefined || changes.capability === null ? undefined : { code: changes.capability, id: await capabilityId(lookup, changes.capability) };
  return audited(dataSource, context, async ({ manager, record }) => {
    const service = await manager.findOne(SharedServiceEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!service) throw notFound(`Shared service "${code}"`);
    const before = view(service);
    const fields = checked({
      name: changes.name ?? service.name,
      capabilityCode: capability?.code ?? service.capabilityCode,
      capabilityId: capability?.id ?? service.capabilityId,
      subgraphs: changes.subgraphs ?? service.subgraphs,
      ownerTeam: changes.ownerTeam ?? service.ownerTeam,
      sloP99Ms: changes.slo?.p99Ms ?? service.sloP99Ms,
      sloErrorRate: changes.slo?.errorRate ?? service.sloErrorRate,
      monthlyCost: changes.monthlyCost ?? service.monthlyCost,
      currency: changes.currency ?? service.currency,
      roadmap: changes.roadmap ?? service.roadmap,
    });
    Object.assign(service, fields);
    const after = view(service);
    const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before])));
    if (Object.keys(changed).length === 0) throw trellisError('NO_CHANGE', `Shared service "${code}" already is as asked; nothing to change.`);
    service.updatedAt = new Date();
    await manager.save(service);
    const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]]));
    record({ subject: { type: 'SharedService', id: service.id, capability: service.capabilityCode }, before: was, after: changed, reason });
    return service;
  });
}
