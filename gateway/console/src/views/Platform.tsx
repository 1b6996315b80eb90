import { Page } from '../ui';

export function Platform() {
  return <Page title="Platform">{null}</Page>;
}
