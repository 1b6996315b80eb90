import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../../shared/src/db/numeric';
import type { Allocation, CandidateEvaluation, NodeKind, PromiseLevel } from './routing.model';

@Entity('sourcing_policy')
export class SourcingPolicyEntity {
  @PrimaryColumn('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('text', { name: 'allowed_kinds', array: true })
  allowedKinds: NodeKind[];

  @Column('numeric', { name: 'weight_cost', transformer: numeric })
  weightCost: number;

  @Column('numeric', { name: 'weight_promise_slack', transformer: numeric })
  weightPromiseSlack: number;

  @Column('numeric', { name: 'weight_margin', transformer: numeric })
  weightMargin: number;

  @Column('numeric', { name: 'weight_stock_depth', transformer: numeric })
  weightStockDepth: number;

  @Column('int', { name: 'max_split' })
  maxSplit: number;

  @Column('int', { name: 'standard_promise_days' })
  standardPromiseDays: number;

  @Column('int', { name: 'express_promise_days' })
  expressPromiseDays: number;

  @Column('text', { name: 'updated_by' })
  updatedBy: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export interface RoutedLine {
  skuId: string;
  quantity: number;
}

@Entity('routing_decision')
export class RoutingDecisionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('text', { name: 'order_ref' })
  orderRef: string;

  @Column('text', { name: 'destination_region' })
  destinationRegion: string;

  @Column('text')
  promise: PromiseLevel;

  @Column('jsonb')
  lines: RoutedLine[];

  @Column('jsonb')
  candidates: CandidateEvaluation[];

  @Column('jsonb')
  plan: Allocation[];

  @Column('boolean')
  split: boolean;

  @Column('int', { name: 'delivery_days' })
  deliveryDays: number;

  @Column('date', { name: 'promised_delivery_date' })
  promisedDeliveryDate: string;

  @Column('text', { name: 'fulfillment_model', nullable: true })
  fulfillmentModel: string | null;

  @Column('jsonb')
  policy: unknown;

  @Column('text', { name: 'actor_subject' })
  actorSubject: string;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt: Date;

  @Column('text', { nullable: true })
  channel: string | null;

  /** The running pilot whose model routed the order (its scope covered it), if any. */
  @Column('uuid', { name: 'pilot_id', nullable: true })
  pilotId: string | null;

  /** The model on trial the order was routed under, when a pilot covered it. */
  @Column('text', { name: 'trial_model', nullable: true })
  trialModel: string | null;

  /** The decision this one replaced when the order was rerouted. */
  @Column('uuid', { name: 'rerouted_from_id', nullable: true })
  reroutedFromId: string | null;

  /** The decision that replaced this one; null while it is the order's current decision. */
  @Column('uuid', { name: 'superseded_by_id', nullable: true })
  supersededById: string | null;

  @Column('text', { name: 'reroute_reason', nullable: true })
  rerouteReason: string | null;
}

export type ReservationStatus = 'ACTIVE' | 'COMMITTED' | 'RELEASED' | 'EXPIRED' | 'REROUTED';

@Entity('reservation')
export class ReservationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'routing_decision_id' })
  routingDecisionId: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('uuid', { name: 'sku_id' })
  skuId: string;

  @Column('uuid', { name: 'node_id' })
  nodeId: string;

  @Column('int')
  quantity: number;

  @Column('text')
  status: ReservationStatus;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}

export type RoutingExceptionStatus = 'OPEN' | 'RESOLVED';

/** An order service recovery could not move: its reservations stay where they were until a person decides. */
@Entity('routing_exception')
export class RoutingExceptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'brand_id' })
  brandId: string;

  @Column('uuid', { name: 'routing_decision_id' })
  routingDecisionId: string;

  @Column('text', { name: 'order_ref' })
  orderRef: string;

  /** Why no new plan: NO_ELIGIBLE_NODE or INSUFFICIENT_STOCK. */
  @Column('text')
  reason: string;

  /** Why the order had to move: INACTIVE, PARTNER_SUSPENDED or PARTNER_EXITED. */
  @Column('text')
  cause: string;

  @Column('uuid', { name: 'node_ids', array: true })
  nodeIds: string[];

  @Column('jsonb')
  lines: RoutedLine[];

  @Column('text')
  status: RoutingExceptionStatus;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt: Date;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Column('text', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;

  @Column('text', { nullable: true })
  resolution: string | null;
}
