import { Page } from '../ui';

export function Orders() {
  return <Page title="Orders">{null}</Page>;
}
