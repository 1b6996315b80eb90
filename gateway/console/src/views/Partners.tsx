import { Page } from '../ui';

export function Partners() {
  return <Page title="Partners">{null}</Page>;
}
