import { Field, Float, GraphQLISODateTime, ObjectType } from 'type-graphql';
import { Owner } from '../../../../shared/src/governance/decorators';

@ObjectType({ description: 'An operation a client app registered (Apollo persisted-query manifest): the gateway runs it by id.' })
@Owner('platform-team')
export class RegisteredOperation {
  @Field({ description: 'Its id in the manifest (usually the SHA-256 of the body).' })
  id: string;

  @Field()
  name: string;

  @Field()
  type: string;

  @Field()
  body: string;

  @Field(() => GraphQLISODateTime)
  registeredAt: Date;
}

@ObjectType({ description: 'What a client app sent, per operation, over some days.' })
@Owner('platform-team')
export class OperationUsage {
  @Field()
  operationName: string;

  @Field({ description: 'SHA-256 of its usage signature (literals hidden, whitespace and aliases removed).' })
  operationHash: string;

  @Field(() => Float)
  requests: number;

  @Field(() => Float)
  errors: number;

  @Field(() => Float, { nullable: true })
  averageDurationMs: number | null;

  @Field(() => GraphQLISODateTime)
  lastSeen: Date;
}

@ObjectType({ description: 'A client app registered with the registry, known to the gateway by its `apollographql-client-name`.' })
@Owner('platform-team')
export class ClientApp {
  @Field()
  name: string;

  @Field({ description: 'The slug of the brand it belongs to.' })
  brand: string;

  @Field(() => String, { nullable: true, description: 'off, allow or require; null: the gateway’s setting (PERSISTED_OPERATIONS).' })
  persistedOperations: string | null;

  @Field()
  registeredBy: string;

  @Field(() => GraphQLISODateTime)
  registeredAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;
}
