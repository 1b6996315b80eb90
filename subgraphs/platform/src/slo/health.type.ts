import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

export enum SloWindow {
  H1 = 'H1',
  H6 = 'H6',
  D30 = 'D30',
}
registerEnumType(SloWindow, { name: 'SloWindow', description: 'The window an objective is judged over: the last hour, six hours or thirty days.' });

@ObjectType({ description: 'How a shared service meets its objective over a window, measured at the gateway on its subgraphs’ fetches.' })
@Owner('platform-team')
export class ServiceHealth {
  @Field(() => SloWindow)
  window: SloWindow;

  @Field(() => Int, { description: 'Fetches from the service’s subgraphs in the window.' })
  requests: number;

  @Field(() => Int, { description: 'Of which failed: unavailable, timed out, or an internal error.' })
  errors: number;

  @Field(() => Float, { nullable: true })
  errorRate: number | null;

  @Field(() => Float, { nullable: true, description: 'The 99th percentile latency, in ms (interpolated in its histogram bucket).' })
  p99Ms: number | null;

  @Field(() => Float, { nullable: true, description: 'The share of requests slower than the objective’s p99Ms.' })
  slowShare: number | null;

  @Field(() => Float, { description: 'errorRate / the objective’s errorRate.' })
  errorBurnRate: number;

  @Field(() => Float, { description: 'slowShare / 1 %.' })
  latencyBurnRate: number;

  @Field(() => Float, { description: 'The larger of the two; above 1 the error budget goes faster than the objective allows.' })
  burnRate: number;

  @Field()
  meetsObjective: boolean;
}
