import type { DataSource } from 'typeorm';
import type { Principal } from '../../../shared/src/auth/principal';
import type { UrlAllowlist } from '../../../shared/src/net/url-allowlist';
import type { SupergraphRulesCache } from './governance/rule-history';

/** What every registry operation works with. */
export interface RegistryContext {
  dataSource: DataSource;
  /** Where subgraphs may be routed and schemas fetched from (`REGISTRY_URL_ALLOWLIST`). */
  allowlist: UrlAllowlist;
  rules: SupergraphRulesCache;
  /** Days of usage a check judges breaking changes against, unless the request says (USAGE_CHECK_DAYS). */
  usageCheckDays?: number;
}

/** Who asks for a change, and under which request id it is recorded. */
export interface RegistryCaller {
  principal: Principal;
  requestId: string;
}
