import { Query, Resolver } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';

export const FOOTPRINT_METHODOLOGY =
  'Cradle-to-gate greenhouse-gas footprint per unit, in kg CO2e (GHG Protocol Product Standard). ' +
  'PROCESS_LCA figures come from supplier life-cycle assessments; SPEND_BASED figures estimate ' +
  'from the list price with environmentally extended input-output factors.';

@Resolver()
export class FootprintResolver {
  @Query(() => String, { description: 'How the sustainability office measures SKU footprints.' })
  @Owner('sustainability-office')
  @RequiresScopes(['catalog:read'])
  footprintMethodology(): string {
    return FOOTPRINT_METHODOLOGY;
  }
}
